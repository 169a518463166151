// Ferry as shipped: the compiled executable, copied alone into an empty directory, serves the whole app
// over HTTP and over HTTPS with its own self-signed certificate; HTTPS pages are secure contexts, plain-HTTP
// pages at a LAN name explain what they lack; pages come back after the server restarts; and the relay answers.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { ROOT, expect, launchDevice, startFerry, test, type DeviceOptions, type Ferry } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

// A name that is not localhost or 127.x, so Chromium judges the page as it would a LAN address.
const LAN_NAME = "ferry.test";
const RESOLVE_LAN_NAME = `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`;

// Two Chromium processes and a 5 MiB transfer take about half a minute here; the margin is for a busy machine.
test.describe.configure({ timeout: 180_000 });

let executable: string;
let home: string;
const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
const servers: Ferry[] = [];
const browsers: Browser[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // test.sh builds the UI before the tests; build it here too when this file runs on its own.
  if (!existsSync(join(ROOT, "dist/public/index.html"))) execFileSync("bun", ["run", "build:ui"], { cwd: ROOT, stdio: "inherit" });
  const buildDir = tempDir("ferry-build-");
  execFileSync("bun", ["scripts/compile.ts", "--outfile", join(buildDir, "ferry")], { cwd: ROOT, stdio: "inherit" });
  // The executable alone in an empty directory, far from the source tree and node_modules.
  const runDir = tempDir("ferry-run-");
  executable = join(runDir, "ferry");
  copyFileSync(join(buildDir, "ferry"), executable);
  execFileSync("chmod", ["+x", executable]);
  expect(readdirSync(runDir)).toEqual(["ferry"]);
  home = tempDir("ferry-home-");
});

// Each build leaves two 100 MiB copies of the executable behind.
test.afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test.afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function startShipped(args: string[], port?: number): Promise<Ferry> {
  const runDir = join(executable, "..");
  // PATH names an empty directory: the executable must not need bun, node or openssl from the machine.
  const env = { HOME: home, PATH: tempDir("ferry-empty-path-") };
  const ferry = await startFerry([...args, ...(port ? ["--port", String(port)] : [])], { command: [executable], cwd: runDir, env });
  servers.push(ferry);
  return ferry;
}

async function device(url: string, opts: DeviceOptions = {}): Promise<Page> {
  const d = await launchDevice(url, opts);
  browsers.push(d.browser);
  return d.page;
}

const selfName = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

/**
 * Two devices open Ferry at `LAN_NAME` (which Chromium resolves to 127.0.0.1, but judges as it would a LAN
 * address); the first sends a 5 MiB file and a small one to the second, which saves both.
 */
async function transferBetweenTwoDevices(origin: string, opts: DeviceOptions = {}) {
  const deviceOpts = { ...opts, args: [RESOLVE_LAN_NAME] };
  const a = await device(origin, deviceOpts);
  const b = await device(origin, deviceOpts);
  const tileOfB = a.getByTestId("peer").filter({ hasText: await selfName(b) });
  await expect(tileOfB).toBeVisible();
  await expect(b.getByTestId("peer").filter({ hasText: await selfName(a) })).toBeVisible();

  const files = [
    { name: "five-mib.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024) },
    { name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("shipped in one file ✓\n") },
  ];
  await tileOfB.getByTestId("send-files").setInputFiles(files);
  const incoming = b.getByTestId("incoming");
  await expect(incoming).toBeVisible();
  await incoming.getByTestId("accept").click();

  await expectSavedFiles(b, files);
  return { a, b };
}

test("over plain HTTP the executable alone serves the app, the page says what it lacks, and a file arrives byte-identical", async () => {
  const ferry = await startShipped(["--no-turn"]);
  expect(ferry.url).toMatch(/^http:\/\//);
  expect((await (await fetch(`${ferry.url}/healthz`)).json()).ok).toBe(true);
  const { a, b } = await transferBetweenTwoDevices(`http://${LAN_NAME}:${ferry.port}/`);
  for (const page of [a, b]) {
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByTestId("insecure-notice")).toBeVisible();
    await expect(page.getByTestId("insecure-notice")).toContainText(/HTTP/);
  }
});

test("with --tls-self-signed it serves HTTPS and WSS, the page is a secure context, and a file arrives byte-identical", async () => {
  const ferry = await startShipped(["--no-turn", "--tls-self-signed"]);
  expect(ferry.url).toMatch(/^https:\/\//);
  expect(ferry.output()).toMatch(/SHA-256 fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  const { a, b } = await transferBetweenTwoDevices(`https://${LAN_NAME}:${ferry.port}/`, { ignoreHTTPSErrors: true });
  for (const page of [a, b]) {
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await expect(page.getByTestId("insecure-notice")).toHaveCount(0);
  }
});

test("after SIGTERM and a new server on the same port, an open page reconnects and meets a new device", async () => {
  const first = await startShipped(["--no-turn"]);
  const a = await device(first.url);
  const nameA = await selfName(a);
  // The connection status pill: "Online", or "Offline · reconnecting…" while signaling is down.
  const status = a.getByRole("status").first();
  await expect(status).toHaveText(/^Online$/);

  const sent = Date.now();
  expect(await first.stop("SIGTERM")).toBe(0);
  expect(Date.now() - sent).toBeLessThan(5000);
  await expect(status).toHaveText(/Offline|Connecting/);

  await startShipped(["--no-turn"], first.port);
  await expect(status).toHaveText(/^Online$/, { timeout: 20_000 });
  await expect(a.getByTestId("self-name")).toHaveText(/\S/);
  const b = await device(first.url);
  await expect(a.getByTestId("peer").filter({ hasText: await selfName(b) })).toBeVisible();
  await expect(b.getByTestId("peer").filter({ hasText: nameA })).toBeVisible();
});

test("the executable's embedded TURN relay answers on UDP", async () => {
  const ferry = await startShipped(["--turn-port", "0"]);
  const port = Number(ferry.output().match(/TURN relay on UDP port (\d+)/)![1]);
  // RFC 8489 §6: a Binding request (type 0x0001, magic cookie, 96-bit transaction id) gets a Binding
  // success response (0x0101) echoing the transaction id.
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  const socket = createSocket("udp4");
  try {
    const response = await new Promise<Buffer>((resolve, reject) => {
      socket.on("message", resolve);
      socket.send(request, port, "127.0.0.1");
      setTimeout(() => reject(new Error("no STUN response within 5 s")), 5000);
    });
    expect(response.readUInt16BE(0)).toBe(0x0101);
    expect(response.subarray(8, 20).equals(request.subarray(8, 20))).toBe(true);
  } finally {
    socket.close();
  }
});
