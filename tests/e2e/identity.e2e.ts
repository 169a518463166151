// Device identity in real browsers on a secure origin (http://127.0.0.1): a WebCrypto key, two tabs of one
// browser, a pinned key that does not match, and a browser without storage.
import { chromium, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS, expect, launchDevice, test } from "./fixtures";
import { pairByTypedCode, readStored } from "./pairing";
import { bytes, sha256 } from "./test-bytes";
import { treeOnDisk } from "./tree";

const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

async function sendText(from: Page, toName: string, text: string) {
  await from.getByTestId("peer").filter({ hasText: toName }).getByTestId("send-text").click();
  await from.getByTestId("text-input").fill(text);
  await from.getByTestId("text-send").click();
}

test("two tabs of one browser are one device: the newest has it, the other says so until 'Use here'", async ({ ferry, devices }) => {
  const [peer] = await devices(1);
  const dir = mkdtempSync(join(tmpdir(), "ferry-tabs-"));
  const context = await chromium.launchPersistentContext(dir, { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const first = await context.newPage();
    await first.goto(ferry.url);
    await expect(first.getByTestId("self-name")).not.toBeEmpty();
    const name = await nameOf(first);
    await expect(peer!.getByTestId("peer")).toHaveCount(1);
    const second = await context.newPage();
    await second.goto(ferry.url);
    await expect(second.getByTestId("self-name")).toHaveText(name);
    await expect(first.getByTestId("replaced")).toBeVisible();
    await expect(second.getByTestId("replaced")).toHaveCount(0);
    // The replaced tab does not take the device back by itself when it is looked at again.
    await first.bringToFront();
    await first.waitForTimeout(1000);
    await expect(first.getByTestId("replaced")).toBeVisible();
    await expect(peer!.getByTestId("peer")).toHaveCount(1);
    await expect(first.getByTestId("peer")).toHaveCount(0);

    await sendText(peer!, name, "to the live tab");
    await expect(second.getByTestId("received-text")).toHaveText("to the live tab");
    await first.getByTestId("use-here").click();
    await expect(first.getByTestId("replaced")).toHaveCount(0);
    await expect(second.getByTestId("replaced")).toBeVisible();
    await sendText(peer!, name, "back in the first tab");
    await expect(first.getByTestId("received-text")).toHaveText("back in the first tab");
    await expect(second.getByTestId("received-text")).toHaveCount(1);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a paired device whose channel proof does not match the pinned key is refused with a warning; no offer reaches the user", async ({ devices }) => {
  const [a, b] = (await devices(2)) as [Page, Page];
  // On a secure origin the device key is WebCrypto's, non-extractable.
  expect(await readStored(a, "device-key")).toMatchObject({ kind: "webcrypto", privateKey: { extractable: false } });
  const [nameA, nameB] = [await nameOf(a), await nameOf(b)];
  await pairByTypedCode(a, b);
  await expect(a.getByTestId("peer").filter({ hasText: nameB }).getByTestId("paired")).toBeVisible();
  await expect(b.getByTestId("peer").filter({ hasText: nameA }).getByTestId("paired")).toBeVisible();

  // The fake is at the proof: A now pins another key for B, so B's (genuine) proof cannot match it.
  await a.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("ferry");
        open.onsuccess = () => {
          const store = open.result.transaction("kv", "readwrite").objectStore("kv");
          const get = store.get("pairings");
          get.onsuccess = () => {
            const rec = get.result as { paired: { publicKey: string }[] };
            const other = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
            rec.paired = rec.paired.map((p) => ({ ...p, publicKey: other }));
            const put = store.put(rec, "pairings");
            put.onsuccess = () => resolve();
            put.onerror = () => reject(put.error);
          };
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await a.reload();
  const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
  await expect(tileOfB).toBeVisible();

  await b.getByTestId("peer").filter({ hasText: nameA }).getByTestId("send-files").setInputFiles({ name: "secret.txt", mimeType: "text/plain", buffer: Buffer.from("not for strangers") });
  await expect(tileOfB.getByTestId("peer-warning")).toHaveText(`This is not the ${nameB} you paired with. Nothing is sent to it or accepted from it.`);
  await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "failed");
  await expect(a.getByTestId("incoming")).toHaveCount(0);
  await expect(a.getByTestId("transfer")).toHaveCount(0);
  await expect(tileOfB.getByTestId("verify-code")).toHaveCount(0);
});

test("a paired device may be let to save without asking: its files arrive and download with no prompt, the choice survives a reload, and unticking asks again", async ({ devices }) => {
  const [a, b] = (await devices(2)) as [Page, Page];
  const [nameA, nameB] = [await nameOf(a), await nameOf(b)];
  await pairByTypedCode(a, b);
  const tileOfA = b.getByTestId("peer").filter({ hasText: nameA });
  const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
  await tileOfA.getByTestId("auto-save").check();
  await b.reload();
  await expect(tileOfA.getByTestId("auto-save")).toBeChecked();

  const one = { name: "photo.jpg", mimeType: "image/jpeg", buffer: bytes(300_000, 3) };
  const [download] = await Promise.all([b.waitForEvent("download"), tileOfB.getByTestId("send-files").setInputFiles(one)]);
  expect(download.suggestedFilename()).toBe(one.name);
  expect(sha256(readFileSync((await download.path())!))).toBe(sha256(one.buffer));
  await expect(b.getByTestId("transfer").getByTestId("auto-saved")).toBeVisible();
  await expect(b.getByTestId("incoming")).toHaveCount(0);

  // Several files are saved as one zip, as "Save all" would.
  const two = [
    { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("first") },
    { name: "b.txt", mimeType: "text/plain", buffer: Buffer.from("second") },
  ];
  const [zip] = await Promise.all([b.waitForEvent("download"), tileOfB.getByTestId("send-files").setInputFiles(two)]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const dir = mkdtempSync(join(tmpdir(), "ferry-auto-save-"));
  try {
    execFileSync("unzip", ["-q", (await zip.path())!, "-d", dir]);
    expect(treeOnDisk(dir).files).toEqual(Object.fromEntries(two.map((f) => [f.name, sha256(f.buffer)])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await tileOfA.getByTestId("auto-save").uncheck();
  await tileOfB.getByTestId("send-files").setInputFiles(one);
  await expect(b.getByTestId("incoming")).toBeVisible();
  await b.getByTestId("incoming").getByTestId("decline").click();
});

test("a browser without storage gets a one-visit identity and says so", async ({ ferry }) => {
  const { browser, page } = await launchDevice(ferry.url);
  try {
    await expect(page.getByTestId("ephemeral-notice")).toHaveCount(0);
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
    const bare = await context.newPage();
    await bare.goto(ferry.url);
    await expect(bare.getByTestId("ephemeral-notice")).toBeVisible();
    await expect(bare.getByTestId("self-name")).not.toBeEmpty();
    await expect(bare.getByTestId("peer")).toHaveCount(1);
  } finally {
    await browser.close();
  }
});
