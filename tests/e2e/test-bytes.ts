// File contents for end-to-end transfers, and the hash that proves they arrived unchanged.
import { createHash } from "node:crypto";

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
