// Ferry as an installed app: the manifest's icons and share target, the service worker over HTTPS (and none over
// plain HTTP), a share POSTed as the OS posts it opening "Send to…" with those files, the app shell offline,
// live traffic never cached, and a new version taking over at the next load instead of trapping anyone.
import { X509Certificate, createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { ROOT, expect, launchDevice, startFerry, test, type DeviceOptions, type Ferry } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

// A name that is not localhost, so the page is judged as a LAN address would be.
const NAME = "ferry.test";
const RESOLVE = `--host-resolver-rules=MAP ${NAME} 127.0.0.1`;

/**
 * A device that trusts Ferry's self-signed certificate, as one does once the certificate is installed on it.
 * Chromium registers service workers only on pages whose certificate it trusts: clicking through the warning
 * is not enough. The SPKI pin stands in for installing the certificate.
 */
function trusting(home: string) {
  const pem = readFileSync(join(home, "tls/self-signed-cert.pem"), "utf8");
  const spki = createHash("sha256").update(new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" })).digest("base64");
  // The certificate names localhost and this machine's names and addresses, not the test's made-up name.
  return { ignoreHTTPSErrors: true, args: [RESOLVE, `--ignore-certificate-errors-spki-list=${spki}`] };
}

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
const servers: Ferry[] = [];
const browsers: Browser[] = [];
test.afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(args: string[], opts: { cwd?: string; port?: number; home: string }) {
  const cwd = opts.cwd ?? ROOT;
  const ferry = await startFerry([...args, ...(opts.port ? ["--port", String(opts.port)] : [])], { command: ["bun", join(cwd, "src/main.ts")], cwd, env: { FERRY_DATA_DIR: opts.home } });
  servers.push(ferry);
  return ferry;
}
async function device(url: string, opts: DeviceOptions = { args: [RESOLVE] }): Promise<Page> {
  const d = await launchDevice(url, opts);
  browsers.push(d.browser);
  return d.page;
}
const controlled = (page: Page) => page.waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined);
const cacheKeys = (page: Page) =>
  page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (n) => (await (await caches.open(n)).keys()).map((r) => `${n} ${new URL(r.url).pathname}`)))).flat());

const selfName = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

/** Ferry over HTTPS and two devices that trust its certificate; the first is controlled by the service worker. */
async function twoDevicesOverHttps() {
  const home = tempDir("ferry-home-");
  const ferry = await serve(["--no-turn", "--tls-self-signed"], { home });
  const origin = `https://${NAME}:${ferry.port}`;
  const a = await device(`${origin}/`, trusting(home));
  await controlled(a);
  const b = await device(`${origin}/`, trusting(home));
  return { origin, a, b, nameA: await selfName(a), nameB: await selfName(b) };
}

/** PNG width and height from its IHDR chunk. */
const pngSize = (b: Buffer) => [b.readUInt32BE(16), b.readUInt32BE(20)];

test("the manifest names PNG, maskable and Apple icons and a share target; plain HTTP gets no service worker", async () => {
  const ferry = await serve(["--no-turn"], { home: tempDir("ferry-home-") });
  const manifest = await (await fetch(`${ferry.url}/manifest.webmanifest`)).json();
  expect(manifest.share_target).toEqual({
    action: "/share",
    method: "POST",
    enctype: "multipart/form-data",
    params: { title: "title", text: "text", url: "url", files: [{ name: "files", accept: ["*/*"] }] },
  });
  const icons: { src: string; sizes: string; purpose: string }[] = manifest.icons;
  for (const want of [["192x192", "any"], ["512x512", "any"], ["512x512", "maskable"]]) expect(icons.some((i) => i.sizes === want[0] && i.purpose === want[1])).toBe(true);
  const html = await (await fetch(ferry.url)).text();
  const apple = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1];
  for (const src of [...icons.filter((i) => i.src.endsWith(".png")).map((i) => i.src), apple!]) {
    const res = await fetch(`${ferry.url}${src}`);
    expect([src, res.status, res.headers.get("content-type")]).toEqual([src, 200, "image/png"]);
    const [w, h] = pngSize(Buffer.from(await res.arrayBuffer()));
    expect(w).toBe(h);
    expect([192, 512, 180]).toContain(w);
  }

  const page = await device(`http://${NAME}:${ferry.port}/`);
  expect(await page.evaluate(() => [window.isSecureContext, "serviceWorker" in navigator])).toEqual([false, false]);
  // Everything else still works there: the page is up and named.
  await expect(page.getByTestId("self-name")).not.toBeEmpty();
});

test("over HTTPS the service worker registers; a share POSTed as the OS does opens 'Send to…' with those files, intact", async () => {
  const { origin, a, b, nameB } = await twoDevicesOverHttps();

  // The OS opens the share target as a top-level POST navigation from outside Ferry's pages.
  const files = [
    { name: "shared photo.jpg", mimeType: "image/jpeg", buffer: bytes(150_000, 5) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("shared from another app\n") },
  ];
  await a.goto("about:blank");
  await a.setContent(`<form method="post" enctype="multipart/form-data" action="${origin}/share">
    <input name="title" value="Holiday"><input type="file" name="files" multiple></form>`);
  await a.locator("input[type=file]").setInputFiles(files);
  await a.locator("form").evaluate((f: HTMLFormElement) => f.submit());
  const bar = a.getByTestId("send-to");
  await expect(bar).toContainText("2 files");
  // The address no longer names the share, so a reload does not offer it again.
  expect(a.url()).toBe(`${origin}/`);
  await bar.getByTestId("send-to-peer").filter({ hasText: nameB }).click();
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(b, files);
});

test("the app shell loads offline, live traffic is never cached, and a new version takes over at the next load", async () => {
  const home = tempDir("ferry-home-");
  const first = await serve(["--no-turn", "--tls-self-signed"], { home });
  const origin = `https://${NAME}:${first.port}`;
  const page = await device(`${origin}/`, trusting(home));
  await controlled(page);
  await page.evaluate(() => fetch("/healthz").then((r) => r.json()));

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Ferry", level: 1 })).toBeAttached();
  await expect(page.getByRole("status").first()).toHaveText(/Offline|Connecting/);
  expect(await page.evaluate(() => fetch("/healthz").then(() => "answered", () => "failed"))).toBe("failed");
  const cached = await cacheKeys(page);
  expect(cached.some((k) => k.endsWith(" /"))).toBe(true);
  expect(cached.filter((k) => /\s\/(ws|api|healthz)/.test(k))).toEqual([]);
  await page.context().setOffline(false);

  // The next version: the same server code with a changed page and worker, on the same port and certificate.
  const next = tempDir("ferry-next-");
  for (const part of ["src", "turn", "package.json", "dist"]) cpSync(join(ROOT, part), join(next, part), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(next, "node_modules"));
  const index = join(next, "dist/public/index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace("<head>", '<head><meta name="ferry-build" content="next" />'));
  writeFileSync(join(next, "dist/public/sw.js"), `${readFileSync(join(next, "dist/public/sw.js"), "utf8")}\n// next build\n`);
  await first.stop();
  await serve(["--no-turn", "--tls-self-signed"], { cwd: next, port: first.port, home });

  await page.reload();
  await expect(page.locator('meta[name="ferry-build"]')).toHaveAttribute("content", "next");
  // The new worker installs and takes over by itself, caching the new shell: offline now gets the new version too.
  await expect.poll(() => page.evaluate(async () => (await (await caches.match("/"))?.text()) ?? ""), { timeout: 20_000 }).toContain("ferry-build");
  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('meta[name="ferry-build"]')).toHaveAttribute("content", "next");
});

test("the bell asks for notifications when pressed; an offer, a text and a finished transfer notify while the tab is hidden", async () => {
  const { origin, a, b, nameA, nameB } = await twoDevicesOverHttps();

  const bell = a.getByTestId("notifications");
  await expect(bell).toHaveAttribute("aria-pressed", "false");
  expect(await a.evaluate(() => Notification.permission)).toBe("default");
  await a.context().grantPermissions(["notifications"], { origin });
  await bell.click();
  await expect(bell).toHaveAttribute("aria-pressed", "true");

  // Headless Chromium keeps every tab visible, so the page is told it is hidden, as a tab behind another is.
  const setHidden = (hidden: boolean) =>
    a.evaluate((h) => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  await setHidden(true);

  const tileOfA = b.getByTestId("peer").filter({ hasText: nameA });
  await tileOfA.getByTestId("send-text").click();
  await b.getByTestId("text-input").fill("are you there?");
  await b.getByTestId("text-send").click();
  await tileOfA.getByTestId("send-files").setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 tiny") });
  const shown = () =>
    a.evaluate(async () => (await (await navigator.serviceWorker.getRegistration())!.getNotifications()).map((n) => `${n.title} | ${n.body}`).sort());
  // Peer-provided strings come bidi-isolated (U+2068 … U+2069), as everywhere in the UI.
  const iso = (s: string) => `\u2068${s}\u2069`;
  await expect.poll(shown).toEqual([`${iso(nameB)} wants to send you files | ${iso("report.pdf")}`, `Text from ${iso(nameB)} | ${iso("are you there?")}`].sort());
  await a.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="accept"]')!.click());
  await expect.poll(shown).toContain(`Received from ${iso(nameB)} | ${iso("report.pdf")}`);

  // Off again.
  await setHidden(false);
  await bell.click();
  await expect(bell).toHaveAttribute("aria-pressed", "false");
});
