// Paste and drop anywhere: text, an image and files pasted with Ctrl/Cmd+V, and files dropped on the page's
// background, open "Send to…"; each reaches the device picked there intact, and one thing goes to two devices.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { dropPaths } from "./drop";
import { expect, test } from "./fixtures";
import { pasteInto } from "./paste";
import { bytes, expectSavedFiles } from "./test-bytes";

const selfName = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

test("pasted text, a pasted image, pasted files and files dropped on the page reach the device picked in 'Send to…'", async ({ devices }) => {
  const [a, b, c] = (await devices(3)) as [Page, Page, Page];
  const [nameB, nameC] = [await selfName(b), await selfName(c)];
  await expect(a.getByTestId("peer")).toHaveCount(2);
  const bar = a.getByTestId("send-to");
  const to = (name: string) => bar.getByTestId("send-to-peer").filter({ hasText: name });
  await a.context().grantPermissions(["clipboard-read", "clipboard-write"]);

  // Text, through the real clipboard and the real shortcut, to two devices from one bar.
  const text = "Pasted once, sent twice ✓ https://example.com/x?y=1";
  await a.evaluate((t) => navigator.clipboard.writeText(t), text);
  await a.keyboard.press("ControlOrMeta+V");
  await expect(bar).toContainText(text);
  await to(nameB).click();
  await to(nameC).click();
  await expect(b.getByTestId("received-text")).toHaveText(text);
  await expect(c.getByTestId("received-text")).toHaveText(text);
  await expect(to(nameB)).toBeDisabled();
  // It stays until dismissed.
  await expect(bar).toBeVisible();
  await bar.getByRole("button", { name: "Close" }).click();
  await expect(bar).toHaveCount(0);

  // An image on the clipboard (as a screenshot tool leaves it), with its thumbnail in the bar. The browser
  // re-encodes clipboard images, so "intact" means the bytes the paste handed to the page.
  const image = await a.evaluate(async () => {
    const canvas = new OffscreenCanvas(64, 48);
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#2f5fe6";
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = "#fff";
    g.fillRect(8, 8, 20, 30);
    await navigator.clipboard.write([new ClipboardItem({ "image/png": await canvas.convertToBlob({ type: "image/png" }) })]);
    const [item] = await navigator.clipboard.read();
    return [...new Uint8Array(await (await item!.getType("image/png")).arrayBuffer())];
  });
  await a.keyboard.press("ControlOrMeta+V");
  await expect(bar.locator("img.thumb")).toHaveCount(1);
  await to(nameB).click();
  await b.getByTestId("incoming").getByTestId("accept").click();
  const saved = b.getByTestId("save");
  await expect(saved).toHaveCount(1);
  const imageName = (await saved.getAttribute("download"))!;
  expect(imageName).toMatch(/\.png$/);
  await expectSavedFiles(b, [{ name: imageName, buffer: Buffer.from(image) }]);
  // The finished card shows the received picture itself.
  const thumb = b.getByTestId("transfer").locator("img.thumb");
  await expect(thumb).toHaveCount(1);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await b.getByTestId("transfer").getByRole("button", { name: "Dismiss" }).click();

  // Files copied in a file manager: the web clipboard API cannot write files, so the paste event carries them.
  const files = [
    { name: "notes.txt", buffer: Buffer.from("pasted files\n") },
    { name: "data.bin", buffer: bytes(300_000, 7) },
  ];
  await pasteInto(a, { files });
  await expect(bar).toContainText("2 files");
  await to(nameC).click();
  await c.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(c, files);

  // Files dragged from disk and dropped on the page's background, away from any tile.
  const dir = mkdtempSync(join(tmpdir(), "ferry-drop-"));
  try {
    const dropped = { name: "dropped on the page.bin", buffer: bytes(200_000, 3) };
    writeFileSync(join(dir, dropped.name), dropped.buffer);
    await bar.getByRole("button", { name: "Close" }).click();
    // The corner of the page's main area: background, no tile.
    await dropPaths(a.locator("main"), [join(dir, dropped.name)], { x: 6, y: 6 });
    await expect(bar).toContainText(dropped.name);
    await to(nameB).click();
    await b.getByTestId("incoming").getByTestId("accept").click();
    await expectSavedFiles(b, [dropped]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
