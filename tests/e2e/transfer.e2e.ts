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

test("file chunks never exceed the maxMessageSize the receiver announces", async ({ devices }) => {
  const SMALL = 16 * 1024;
  const [b] = await devices(1);
  const [a] = await devices(1, {
    prepare: async (page) => {
      // A reads B's session descriptions with a small a=max-message-size, as from a browser that takes only that.
      await page.routeWebSocket(/\/ws/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((m) => server.send(m));
        server.onMessage((m) => ws.send(typeof m === "string" ? m.replace(/a=max-message-size:\d+/g, `a=max-message-size:${SMALL}`) : m));
      });
      // Note the largest binary message A's channels are asked to send; the channel itself is untouched.
      await page.addInitScript(() => {
        const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
        const w = window as unknown as { largestBinary: number };
        w.largestBinary = 0;
        RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: string | Blob | ArrayBuffer | ArrayBufferView) {
          if (typeof data !== "string") w.largestBinary = Math.max(w.largestBinary, data instanceof Blob ? data.size : data.byteLength);
          return send.call(this, data);
        };
      });
    },
  });
  const tileOfB = a!.getByTestId("peer").filter({ hasText: await namesOf(b!) });
  const file = { name: "small-messages.bin", mimeType: "application/octet-stream", buffer: bytes(1024 * 1024 + 4321, 7) };
  await tileOfB.getByTestId("send-files").setInputFiles([file]);
  await b!.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(b!, [file]);
  const largest = await a!.evaluate(() => (window as unknown as { largestBinary: number }).largestBinary);
  expect(largest).toBeGreaterThan(0);
  expect(largest).toBeLessThanOrEqual(SMALL);
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

/** Names of the files this page keeps in origin-private storage (where partial files are received). */
const opfsFiles = (page: Page) =>
  page.evaluate(async () => {
    const names: string[] = [];
    for await (const n of (await navigator.storage.getDirectory() as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(n);
    return names.filter((n) => n.startsWith("ferry-"));
  });

test("a receiver that vanishes mid-transfer leaves the sender paused, waiting for it by name", async ({ devices }) => {
  const { a, b, nameB, tileOfB } = await pair(devices);
  await chooseGeneratedFile(tileOfB, "big.bin", 64 * 1024 * 1024);
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expect.poll(async () => Number(await a.getByTestId("progress").first().getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  await b.close();
  await expect(a.getByTestId("transfer")).toHaveAttribute("data-state", "paused", { timeout: 20_000 });
  await expect(a.getByTestId("paused")).toContainText(`Paused — waiting for ${nameB}`);
});

test("a sender that vanishes mid-transfer leaves the receiver paused, still paused after a reload; cancelling it there removes the partial file", async ({ devices }) => {
  const { a, b, nameA, tileOfB } = await pair(devices);
  await chooseGeneratedFile(tileOfB, "big.bin", 64 * 1024 * 1024);
  await b.getByTestId("incoming").getByTestId("accept").click();
  await expect.poll(async () => Number(await b.getByTestId("progress").first().getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
  await a.close();
  await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "paused", { timeout: 20_000 });
  await expect(b.getByTestId("paused")).toContainText(`Paused — waiting for ${nameA}`);
  expect(await opfsFiles(b)).toHaveLength(1);
  // A reload keeps it: the partial file stays, and the card comes back paused from its resume record.
  await b.reload();
  await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "paused");
  await expect(b.getByTestId("paused")).toContainText(`Paused — waiting for ${nameA}`);
  expect(await opfsFiles(b)).toHaveLength(1);
  await b.getByTestId("cancel").click();
  await expect(b.getByTestId("transfer")).toHaveAttribute("data-state", "cancelled");
  await expect.poll(() => opfsFiles(b)).toEqual([]);
  await expect(b.getByTestId("save")).toHaveCount(0);
  // Given up for good: the next page neither shows it nor keeps anything for it.
  await b.reload();
  await expect(b.getByTestId("self-name")).not.toBeEmpty();
  await b.waitForTimeout(500);
  await expect(b.getByTestId("transfer")).toHaveCount(0);
  expect(await opfsFiles(b)).toEqual([]);
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

test("a device keeps the name it was given across reloads", async ({ devices }) => {
  const [page] = await devices(1);
  await page!.getByTestId("self-name").click();
  const field = page!.getByLabel("Device name");
  await field.fill("Kitchen iPad");
  await field.press("Enter");
  await expect(page!.getByTestId("self-name")).toHaveText("Kitchen iPad");
  await page!.reload();
  await expect(page!.getByTestId("self-name")).toHaveText("Kitchen iPad");
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
