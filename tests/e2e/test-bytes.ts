// File contents for end-to-end transfers, and the checks that prove they arrived unchanged.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

export const sha256 = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Deterministic pseudo-random bytes, so a corrupted or reordered chunk changes the hash. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** The receiver's `save` links, in order, download exactly `files` (same names, same SHA-256). */
export async function expectSavedFiles(receiver: Page, files: { name: string; buffer: Buffer }[], timeout = 60_000) {
  const saves = receiver.getByTestId("save");
  await expect(saves).toHaveCount(files.length, { timeout });
  for (const [i, f] of files.entries()) {
    const [download] = await Promise.all([receiver.waitForEvent("download"), saves.nth(i).click()]);
    expect(download.suggestedFilename()).toBe(f.name);
    expect(sha256(readFileSync((await download.path())!))).toBe(sha256(f.buffer));
  }
}
