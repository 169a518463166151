// Big, many and whole folders: a folder tree into a chosen folder and as one zip, hostile paths from a crafted
// peer, and a large file whose receiver keeps its memory flat.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Page } from "@playwright/test";
import { closeDevices, launchDevice as launchProfiled, type Device } from "../../bench/support/harness";
import { snapshotTree } from "../../bench/support/proc-stats";
import { readFile, readTree, stubPickers, type Tree } from "./chosen-folder";
import { openCraftedPeer } from "./crafted-peer";
import { dropPaths } from "./drop";
import { expect, test } from "./fixtures";
import { expectSavedFiles } from "./test-bytes";
import { TOP, makeTree, treeOnDisk } from "./tree";

const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A receiver with an on-disk profile, as people have (an incognito one keeps its storage in memory). */
async function profiledReceiver(url: string, onDone: (d: Device) => void): Promise<Device> {
  const d = await launchProfiled(url);
  onDone(d);
  d.page.on("console", (m) => m.type() === "warning" && console.log(`[receiver] ${m.text()}`));
  await expect(d.page.getByTestId("self-name")).not.toBeEmpty({ timeout: 30_000 });
  return d;
}

test("a folder tree arrives with the same tree and SHA-256 for every file, saved into a chosen folder and as one zip", async ({ ferry, devices }) => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), "ferry-tree-"));
  const opened: Device[] = [];
  try {
    const sent = makeTree(dir, { small: 500, largeBytes: 200 * 1024 * 1024 });
    const b = (await profiledReceiver(ferry.url, (d) => opened.push(d))).page;
    const [a] = (await devices(1)) as [Page];
    await stubPickers(b);
    const tileOfB = a.getByTestId("peer").filter({ hasText: await nameOf(b) });
    await expect(tileOfB).toBeVisible();

    await dropPaths(tileOfB, [join(dir, TOP)]);
    const incoming = b.getByTestId("incoming");
    await expect(incoming.getByTestId("folder-row")).toHaveText(`${TOP}/ — 502 files, 210 MB · 1 empty folder`);
    await incoming.getByTestId("accept-to").click();
    await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "done", { timeout: 480_000 });
    await expect(b.getByTestId("saved-to")).toHaveText("Saved in chosen");
    expect(await readTree(b, "chosen")).toEqual(sent);

    await b.getByTestId("save-all").click();
    await expect(b.getByTestId("save-all")).toHaveAttribute("data-state", "saved", { timeout: 120_000 });
    const zip = join(dir, "received.zip");
    writeFileSync(zip, await readFile(b, "saved", `${TOP}.zip`));
    const unzipped = join(dir, "unzipped");
    execFileSync("unzip", ["-q", zip, "-d", unzipped]);
    expect(treeOnDisk(unzipped)).toEqual(sent);
  } finally {
    await closeDevices(opened);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("hostile paths from a crafted peer land safely inside the chosen folder, or are refused clearly", async ({ ferry, devices }) => {
  const [b, c] = (await devices(2)) as [Page, Page];
  await stubPickers(b);
  const crafted = await openCraftedPeer(c, ferry.url);
  const hostile = [
    { name: "../x", text: "up" },
    { name: "/etc/x", text: "root" },
    { name: "a/../../b", text: "climb" },
    { name: "CON", text: "device" },
    { name: `${"l".repeat(300)}.txt`, text: "long" },
    { name: "C:\\Windows\\evil.dll", text: "drive" },
    { name: "\u202etxt.exe", text: "bidi" },
    { name: "X", text: "case clash" },
  ];
  const answer = crafted.offer(await nameOf(b), "hostile-1", hostile, ["../../empty"]);
  const incoming = b.getByTestId("incoming");
  await expect(incoming.getByTestId("renamed-note")).toHaveText("9 names were changed to keep them safe on this device");
  await incoming.getByTestId("accept-to").click();
  expect(await answer).toBe("received");
  const text = (t: string) => createHash("sha256").update(t).digest("hex");
  expect(await readTree(b, "chosen")).toEqual({
    files: {
      x: text("up"),
      "etc/x": text("root"),
      "a/b": text("climb"),
      _CON: text("device"),
      [`${"l".repeat(236)}.txt`]: text("long"),
      "C_/Windows/evil.dll": text("drive"),
      "_txt.exe": text("bidi"),
      "X (2)": text("case clash"),
    },
    emptyDirs: ["empty"],
  });
  // Nothing landed beside the chosen folder.
  const besides = await b.evaluate(async () => {
    const names: string[] = [];
    for await (const n of (await navigator.storage.getDirectory() as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(n);
    return names.filter((n) => !n.startsWith("ferry-"));
  });
  expect(besides).toEqual(["chosen"]);

  // Too deep to store anywhere safely: refused as a whole, and both ends say why.
  const deep = crafted.offer(await nameOf(b), "hostile-2", [{ name: `${"d/".repeat(80)}f`, text: "deep" }]);
  expect(await deep).toBe("unsafe-path");
  await expect(b.getByTestId("transfer-error")).toContainText("too deep or too long to store safely");
});

test("a 512 MiB file arrives with its SHA-256 verified while the receiver's renderer and browser grow by less than 100 MiB", async ({ ferry, devices }) => {
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), "ferry-512-"));
  const opened: Device[] = [];
  try {
    const path = join(dir, "big.bin");
    const hash = createHash("sha256");
    const fd = openSync(path, "w");
    for (let i = 0; i < 64; i++) {
      const chunk = randomBytes(8 * 1024 * 1024);
      hash.update(chunk);
      writeSync(fd, chunk);
    }
    closeSync(fd);
    const receiver = await profiledReceiver(ferry.url, (d) => opened.push(d));
    expect(receiver.pid).not.toBeNull();
    const b = receiver.page;
    const [a] = (await devices(1)) as [Page];
    const tileOfB = a.getByTestId("peer").filter({ hasText: await nameOf(b) });
    await tileOfB.getByTestId("send-files").setInputFiles(path);
    await expect(b.getByTestId("incoming")).toContainText("big.bin");

    // Renderer and browser together, sampled every 250 ms from accept to the verified end.
    const both = () => {
      const pss = snapshotTree(receiver.pid!).pss;
      return { renderer: pss.get("renderer") ?? 0, browser: pss.get("browser") ?? 0 };
    };
    const first = both();
    const start = first.renderer + first.browser;
    let peak = start;
    let atPeak = first;
    const sampler = setInterval(() => {
      const now = both();
      if (now.renderer + now.browser > peak) [peak, atPeak] = [now.renderer + now.browser, now];
    }, 250);
    try {
      await b.getByTestId("incoming").getByTestId("accept").click();
      await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "done", { timeout: 540_000 });
    } finally {
      clearInterval(sampler);
    }
    const MiB = 1024 * 1024;
    const mib = (b: number) => (b / MiB).toFixed(0);
    console.log(`receiver's renderer + browser grew by at most ${mib(peak - start)} MiB (PSS; renderer ${mib(atPeak.renderer - first.renderer)}, browser ${mib(atPeak.browser - first.browser)})`);
    expect(peak - start).toBeLessThan(100 * MiB);

    const [download] = await Promise.all([b.waitForEvent("download"), b.getByTestId("save").click()]);
    expect(createHash("sha256").update(readFileSync((await download.path())!)).digest("hex")).toBe(hash.digest("hex"));
  } finally {
    await closeDevices(opened);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("over plain HTTP a received file goes to IndexedDB, on disk, and saves byte-identical", async ({ ferry, devices }) => {
  // http://ferry.test is not a secure context (unlike http://127.0.0.1): no OPFS and no service worker there.
  const [b] = (await devices(1, { args: ["--host-resolver-rules=MAP ferry.test 127.0.0.1"], url: ferry.url.replace("127.0.0.1", "ferry.test") })) as [Page];
  const [a] = (await devices(1)) as [Page];
  expect(await b.evaluate(() => isSecureContext)).toBe(false);
  const file = { name: "plain.bin", mimeType: "application/octet-stream", buffer: randomBytes(9 * 1024 * 1024 + 5) };
  await a.getByTestId("peer").filter({ hasText: await nameOf(b) }).getByTestId("send-files").setInputFiles(file);
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(b, [file]);
  // Stored as pieces of a few MiB, not held as one buffer.
  const pieces = await b.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("ferry-received");
        open.onsuccess = () => {
          const count = open.result.transaction("pieces").objectStore("pieces").count();
          count.onsuccess = () => resolve(count.result);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(pieces).toBe(3);
});

/** Firefox's private windows refuse IndexedDB: Ferry's store of received pieces fails to open. */
const refuseReceivedDb = () => {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
    if (name !== "ferry-received") return open.call(this, name, version);
    const refused = { error: new DOMException("refused", "InvalidStateError") } as IDBOpenDBRequest & { onerror: unknown };
    Object.defineProperty(refused, "onerror", { set: (fail: () => void) => setTimeout(fail) });
    return refused;
  };
};

test("over plain HTTP with nowhere on disk to go, a file too big for memory is announced before accepting, with the way out", async ({ ferry, devices }) => {
  const [b] = (await devices(1, { args: ["--host-resolver-rules=MAP ferry.test 127.0.0.1"], url: ferry.url.replace("127.0.0.1", "ferry.test"), prepare: async (p) => void (await p.addInitScript(refuseReceivedDb)) })) as [Page];
  const [a] = (await devices(1)) as [Page];
  const dir = mkdtempSync(join(tmpdir(), "ferry-too-big-"));
  const path = join(dir, "movie.bin");
  // Sparse: 600 MB announced, nothing written to disk.
  closeSync(openSync(path, "w"));
  truncateSync(path, 600_000_000);
  try {
    const tile = a.getByTestId("peer").filter({ hasText: await nameOf(b) });
    await tile.getByTestId("send-files").setInputFiles(path);
    const incoming = b.getByTestId("incoming");
    await expect(incoming.getByTestId("memory-warning")).toContainText("HTTPS address");
    await incoming.getByTestId("decline").click();
    await expect(incoming).toHaveCount(0);
    // A small file fits: no warning.
    await tile.getByTestId("send-files").setInputFiles({ name: "small.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await expect(b.getByTestId("incoming")).toBeVisible();
    await expect(b.getByTestId("memory-warning")).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
