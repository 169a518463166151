// Cross-browser smoke tests: a Chromium and a Firefox device find each other and exchange files and text both
// ways, byte-identical (Firefox's storage and download paths differ from Chromium's); a folder reaches Firefox,
// which has no File System Access pickers, and is saved there as one zip.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropPaths } from "./drop";
import { expect, launchDevice, startFerry, test } from "./fixtures";
import { launchFirefox, testIdText } from "./firefox";
import { TOP, makeTree, treeOnDisk } from "./tree";
import { bytes, expectSavedFiles, sha256 } from "./test-bytes";

/** The one finished download in `dir` (Firefox writes a .part file first), waiting up to `ms`. */
async function downloaded(dir: string, name: string, size: number, ms = 60_000): Promise<Buffer> {
  const path = join(dir, name);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const partial = readdirSync(dir).some((f) => f.endsWith(".part"));
    if (!partial && existsSync(path) && statSync(path).size === size) return readFileSync(path);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} (${size} bytes) never finished downloading into ${dir}: ${readdirSync(dir).join(", ")}`);
}

test("Chromium and Firefox exchange files and texts both ways, byte-identical", async () => {
  test.setTimeout(180_000);
  const ferry = await startFerry(["--no-turn"]);
  const chromium = await launchDevice(ferry.url);
  const firefox = await launchFirefox(ferry.url);
  try {
    const c = chromium.page;
    const f = firefox.page;
    const nameC = (await c.getByTestId("self-name").textContent())!.trim();
    const nameF = await testIdText(f, "self-name");
    const tileOfF = c.getByTestId("peer").filter({ hasText: nameF });
    await expect(tileOfF).toBeVisible();

    // Chromium → Firefox
    const toFirefox = { name: "to-firefox ü.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024, 11) };
    await tileOfF.getByTestId("send-files").setInputFiles(toFirefox);
    const accept = await f.waitForSelector('[data-testid="incoming"] [data-testid="accept"]', { timeout: 30_000 });
    await accept!.click();
    const save = await f.waitForSelector('[data-testid="save"]', { timeout: 60_000 });
    await save!.click();
    expect(sha256(await downloaded(firefox.downloads, toFirefox.name, toFirefox.buffer.length))).toBe(sha256(toFirefox.buffer));
    // Both ends name the path they use; a badge left at "connecting" would pulse for as long as the page is open.
    await expect(tileOfF.getByTestId("peer-route")).toHaveText("direct");
    await f.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid="peer"]')].find((t) => t.textContent?.includes(name))?.querySelector('[data-testid="peer-route"]')?.textContent === "direct",
      { timeout: 15_000 },
      nameC,
    );

    // Firefox → Chromium
    const fromFirefox = { name: `from-firefox-${process.pid}.bin`, buffer: bytes(3 * 1024 * 1024 + 7, 12) };
    const tmp = join(tmpdir(), fromFirefox.name);
    writeFileSync(tmp, fromFirefox.buffer);
    const input = await f.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid="peer"]')].find((t) => t.textContent?.includes(name))?.querySelector('[data-testid="send-files"]'),
      {},
      nameC,
    );
    await (input.asElement() as import("puppeteer-core").ElementHandle<HTMLInputElement>).uploadFile(tmp);
    await c.getByTestId("incoming").getByTestId("accept").click();
    await expectSavedFiles(c, [fromFirefox]);
    rmSync(tmp);

    // Texts both ways
    await tileOfF.getByTestId("send-text").click();
    await c.getByTestId("text-input").fill("hello Firefox ✓");
    await c.getByTestId("text-send").click();
    await f.waitForFunction(() => document.querySelector('[data-testid="received-text"]')?.textContent === "hello Firefox ✓", { timeout: 15_000 });
    await f.evaluate((name) => {
      const tile = [...document.querySelectorAll('[data-testid="peer"]')].find((t) => t.textContent?.includes(name));
      (tile?.querySelector('[data-testid="send-text"]') as HTMLElement).click();
    }, nameC);
    await f.waitForSelector('[data-testid="text-input"]');
    await f.type('[data-testid="text-input"]', "hello Chromium ✓");
    await f.click('[data-testid="text-send"]');
    await expect(c.getByTestId("received-text")).toHaveText("hello Chromium ✓");

    // "Can't see your device?" in Firefox: its ICE facts read as Chromium's do, and nothing is wrong.
    await f.click('[data-testid="diagnostics"]');
    const facts = await f.waitForFunction(() => {
      const panel = document.querySelector('[data-testid="diagnostics-panel"]');
      const attempt = panel?.querySelector('[data-fact="attempt"]');
      const cause = panel?.querySelector('[data-testid="diagnostics-cause"]');
      return attempt && cause && { outcome: attempt.getAttribute("data-value"), ice: attempt.getAttribute("data-ice"), cause: cause.getAttribute("data-cause"), network: panel!.querySelector('[data-fact="network"]')?.getAttribute("data-value"), text: attempt.textContent };
    });
    const seen = (await facts.jsonValue()) as { outcome: string; ice: string; cause: string; network: string; text: string };
    expect(seen).toMatchObject({ outcome: "open", cause: "none", network: "local" });
    expect(["connected", "completed"]).toContain(seen.ice);
    expect(seen.text).toContain(nameC);
  } finally {
    await firefox.close();
    await chromium.browser.close();
    await ferry.stop();
  }
});

test("a folder from Chromium reaches Firefox, which saves it all as one zip with the same tree", async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), "ferry-ff-tree-"));
  const ferry = await startFerry(["--no-turn"]);
  const chromium = await launchDevice(ferry.url);
  const firefox = await launchFirefox(ferry.url);
  try {
    const sent = makeTree(dir, { small: 40, largeBytes: 6 * 1024 * 1024 });
    const tileOfF = chromium.page.getByTestId("peer").filter({ hasText: await testIdText(firefox.page, "self-name") });
    await expect(tileOfF).toBeVisible();
    await dropPaths(tileOfF, [join(dir, TOP)]);
    const f = firefox.page;
    await (await f.waitForSelector('[data-testid="incoming"] [data-testid="accept"]', { timeout: 30_000 }))!.click();
    // Firefox has no File System Access pickers: Save all downloads the zip.
    await (await f.waitForSelector('[data-testid="save-all"]', { timeout: 120_000 }))!.click();
    const zip = join(firefox.downloads, `${TOP}.zip`);
    await f.waitForSelector('[data-testid="save-all"][data-state="saved"]', { timeout: 60_000 });
    for (let i = 0; i < 300 && !(existsSync(zip) && !readdirSync(firefox.downloads).some((n) => n.endsWith(".part"))); i++) await new Promise((r) => setTimeout(r, 100));
    execFileSync("unzip", ["-q", zip, "-d", join(dir, "unzipped")]);
    expect(treeOnDisk(join(dir, "unzipped"))).toEqual(sent);
  } finally {
    await firefox.close();
    await chromium.browser.close();
    await ferry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
