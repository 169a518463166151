import { networkInterfaces } from "node:os";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

/**
 * Choose a large generated file on a tile's file input. Built inside the page: pushing tens of MiB through
 * setInputFiles goes over the DevTools protocol and costs more time than the transfer.
 */
async function chooseGeneratedFile(tile: Locator, name: string, size: number) {
  await tile.getByTestId("send-files").evaluate(
    (input: HTMLInputElement, { name, size }) => {
      const block = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) & 0xff);
      const parts = Array.from({ length: Math.ceil(size / block.length) }, (_, i) => block.subarray(0, Math.min(block.length, size - i * block.length)));
      const dt = new DataTransfer();
      dt.items.add(new File(parts, name, { type: "application/octet-stream" }));
      input.files = dt.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    },
    { name, size },
  );
}

async function namesOf(page: Page) {
  return (await page.getByTestId("self-name").textContent())!.trim();
}

async function pair(devices: (n: number) => Promise<Page[]>) {
  const [a, b] = await devices(2);
  const [nameA, nameB] = [await namesOf(a!), await namesOf(b!)];
  const tileOfB = a!.getByTestId("peer").filter({ hasText: nameB });
  const tileOfA = b!.getByTestId("peer").filter({ hasText: nameA });
  await expect(tileOfB).toBeVisible();
  await expect(tileOfA).toBeVisible();
  return { a: a!, b: b!, nameA, nameB, tileOfB, tileOfA };
}

test("two devices see each other, and a closed page disappears from the other", async ({ devices }) => {
  const { a, b, tileOfA } = await pair(devices);
  const t0 = Date.now();
  await a.close();
  await expect(tileOfA).toHaveCount(0, { timeout: 15_000 });
  await expect(b.getByTestId("peer")).toHaveCount(0);
  console.log(`closed page's tile gone after ${Date.now() - t0} ms`);
});

test("files of 0 bytes, 1 byte, 5 MiB and a non-ASCII name arrive byte-identical", async ({ devices }) => {
  const { b, tileOfB } = await pair(devices);
  const files = [
    { name: "empty.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(0) },
    { name: "one.bin", mimeType: "application/octet-stream", buffer: Buffer.from([0x42]) },
    { name: "five-mib.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024) },
    { name: "résumé 📄.txt", mimeType: "text/plain", buffer: Buffer.from("Curriculum vitæ — naïve café ✓\n") },
  ];
  await tileOfB.getByTestId("send-files").setInputFiles(files);

  const incoming = b.getByTestId("incoming");
  await expect(incoming).toBeVisible();
  for (const f of files) await expect(incoming).toContainText(f.name);
  await incoming.getByTestId("accept").click();

  await expectSavedFiles(b, files);
  // Both sides show the transfer complete.
  await expect(b.getByTestId("progress").first()).toHaveAttribute("aria-valuenow", "100");
});

test("a text message arrives as text, never as HTML", async ({ devices }) => {
  const { a, b, tileOfB } = await pair(devices);
  const text = `<img src=x onerror="document.title='pwned'">hello & goodbye`;
  await tileOfB.getByTestId("send-text").click();
  await a.getByTestId("text-input").fill(text);
  await a.getByTestId("text-send").click();
  const received = b.getByTestId("received-text");
  await expect(received).toHaveText(text);
  expect(await received.locator("img").count()).toBe(0);
  expect(await b.title()).not.toBe("pwned");
});

test("declining is shown on both sides", async ({ devices }) => {
  const { a, b, tileOfB } = await pair(devices);
  await tileOfB.getByTestId("send-files").setInputFiles({ name: "nope.txt", mimeType: "text/plain", buffer: Buffer.from("no") });
  await b.getByTestId("incoming").getByTestId("decline").click();
  await expect(a.getByTestId("transfer-error")).toContainText(/declined/i);
  await expect(b.getByTestId("transfer-error")).toContainText(/declined/i);
});

test("cancelling mid-transfer is shown on both sides", async ({ devices }) => {
  const { a, b, tileOfB } = await pair(devices);
  await chooseGeneratedFile(tileOfB, "big.bin", 64 * 1024 * 1024);
  await b.getByTestId("incoming").getByTestId("accept").click();
  // Wait until bytes move, then the receiver cancels.
  await expect.poll(async () => Number(await b.getByTestId("progress").first().getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  await b.getByTestId("cancel").first().click();
  await expect(b.getByTestId("transfer-error")).toContainText(/cancel/i);
  await expect(a.getByTestId("transfer-error")).toContainText(/cancel/i);
  await expect(b.getByTestId("save")).toHaveCount(0);
});

test("a receiver that vanishes mid-transfer gives the sender a clear error", async ({ devices }) => {
  const { a, b, nameB, tileOfB } = await pair(devices);
  await chooseGeneratedFile(tileOfB, "big.bin", 64 * 1024 * 1024);
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expect.poll(async () => Number(await a.getByTestId("progress").first().getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  await b.close();
  await expect(a.getByTestId("transfer-error")).toContainText(new RegExp(`${nameB} left|lost`, "i"), { timeout: 20_000 });
});

test("a sender that vanishes mid-transfer leaves the receiver a clear error and no partial file", async ({ devices }) => {
  const { a, b, nameA, tileOfB } = await pair(devices);
  await chooseGeneratedFile(tileOfB, "big.bin", 64 * 1024 * 1024);
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expect.poll(async () => Number(await b.getByTestId("progress").first().getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  await a.close();
  await expect(b.getByTestId("transfer-error")).toContainText(new RegExp(`${nameA} left|lost`, "i"), { timeout: 20_000 });
  await expect(b.getByTestId("save")).toHaveCount(0);
});

test("the sender can withdraw an offer before it is answered", async ({ devices }) => {
  const { a, b, tileOfB } = await pair(devices);
  await tileOfB.getByTestId("send-files").setInputFiles({ name: "oops.txt", mimeType: "text/plain", buffer: Buffer.from("wrong file") });
  await expect(b.getByTestId("incoming")).toContainText("oops.txt");
  await a.getByTestId("cancel").first().click();
  await expect(a.getByTestId("transfer-error")).toContainText(/cancel/i);
  await expect(b.getByTestId("transfer-error")).toContainText(/cancel/i);
  await expect(b.getByTestId("incoming")).toHaveCount(0);
});

test("a page opened as localhost offers other devices this machine's network address", async ({ devices, ferry }) => {
  const [page] = await devices(1);
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4");
  const invite = page!.getByTestId("invite").first();
  if (lan) await expect(invite.getByTestId("invite-url")).toHaveText(`http://${lan.address}:${ferry.port}/`);
  else await expect(invite).toContainText("cannot reach");
});

test("files dropped on a tile are offered to that device", async ({ devices }) => {
  const { b, tileOfB } = await pair(devices);
  await tileOfB.evaluate((tile) => {
    const dt = new DataTransfer();
    dt.items.add(new File(["dropped bytes"], "dropped.txt", { type: "text/plain" }));
    for (const type of ["dragenter", "dragover", "drop"]) tile.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await expect(b.getByTestId("incoming")).toContainText("dropped.txt");
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(b, [{ name: "dropped.txt", buffer: Buffer.from("dropped bytes") }]);
});

test("a device keeps its name across reloads", async ({ devices }) => {
  const [page] = await devices(1);
  const name = await namesOf(page!);
  await page!.reload();
  await expect(page!.getByTestId("self-name")).toHaveText(name);
});

test("on a phone-sized screen everything fits without sideways scrolling", async ({ devices }) => {
  const { a, b, tileOfB } = await pair(devices);
  for (const p of [a, b]) await p.setViewportSize({ width: 390, height: 844 });
  await tileOfB.getByTestId("send-files").setInputFiles({ name: "phone.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
  await expect(b.getByTestId("incoming")).toBeVisible();
  for (const p of [a, b]) expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(b.getByTestId("incoming").getByTestId("accept")).toBeInViewport();
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expect(b.getByTestId("save")).toBeInViewport();
});
