import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { BLOCK_BYTES, BlockCheck, BlockHasher, blockCount, DigestList, fileDigest, fromHex, sha256Digest, toHex, wasmDigest, type Digest } from "./block-digest";

const sha = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());

/** Block digests of `data` fed in pieces of `piece` bytes, as a sender or receiver computes them. */
async function blockDigests(digest: Digest, data: Uint8Array, piece: number): Promise<Uint8Array> {
  const list = new DigestList();
  const hasher = new BlockHasher(digest, (first, d) => {
    expect(first).toBe(list.count);
    list.append(d);
  });
  for (let off = 0; off < data.length; off += piece) hasher.push(data.subarray(off, off + piece));
  await hasher.finish();
  return list.prefix().slice();
}

/** What a receiver concludes from the sender's digests and its own: matched in full, or where it failed. */
async function receive(digest: Digest, sent: Uint8Array, received: Uint8Array, size = sent.length) {
  const check = new BlockCheck(blockCount(size));
  const [expected, actual] = [await blockDigests(digest, sent, 65536), await blockDigests(digest, received, 100_000)];
  check.addExpected(0, expected);
  check.addActual(0, actual);
  const sameFile = toHex(await fileDigest(digest, expected)) === toHex(await fileDigest(digest, actual));
  return { complete: check.complete, mismatch: check.mismatch, sameFile };
}

const data = crypto.getRandomValues(new Uint8Array(BLOCK_BYTES * 5 + 1234));

for (const [name, make] of [["native", sha256Digest], ["hash-wasm", wasmDigest]] as const) {
  describe(`block digests (${name})`, () => {
    test("each block's digest is the SHA-256 of its bytes, and the file's digest the SHA-256 of those, whatever the pieces", async () => {
      const digest = await make();
      for (const piece of [BLOCK_BYTES, 65536, 99_999, data.length]) {
        const got = await blockDigests(digest, data, piece);
        expect(got.length).toBe(6 * 32);
        for (let k = 0; k < 6; k++) expect(toHex(got.subarray(k * 32, k * 32 + 32))).toBe(toHex(sha(data.subarray(k * BLOCK_BYTES, (k + 1) * BLOCK_BYTES))));
        expect(toHex(await fileDigest(digest, got))).toBe(toHex(sha(got)));
      }
      expect(toHex(await fileDigest(digest, await blockDigests(digest, new Uint8Array(0), 1)))).toBe(toHex(sha(new Uint8Array(0))));
    });

    test("an intact file matches in full", async () => {
      expect(await receive(await make(), data, data.slice())).toEqual({ complete: true, mismatch: null, sameFile: true });
    });

    test("a flipped byte in any block is caught in that block", async () => {
      const digest = await make();
      for (let k = 0; k < 6; k++) {
        const bad = data.slice();
        const at = Math.min(k * BLOCK_BYTES + 777, bad.length - 1);
        bad[at]! ^= 0x01;
        expect(await receive(digest, data, bad)).toEqual({ complete: false, mismatch: k, sameFile: false });
      }
    });

    test("a swapped pair of blocks is caught at the first of them", async () => {
      const bad = data.slice();
      bad.set(data.subarray(3 * BLOCK_BYTES, 4 * BLOCK_BYTES), BLOCK_BYTES);
      bad.set(data.subarray(BLOCK_BYTES, 2 * BLOCK_BYTES), 3 * BLOCK_BYTES);
      expect(await receive(await make(), data, bad)).toEqual({ complete: false, mismatch: 1, sameFile: false });
    });

    test("a missing last block leaves the file incomplete and its digest different", async () => {
      const short = data.slice(0, BLOCK_BYTES * 5);
      expect(await receive(await make(), data, short, data.length)).toEqual({ complete: false, mismatch: null, sameFile: false });
    });
  });
}

describe("checking a file's blocks", () => {
  test("digests that skip ahead or overrun the file are refused", () => {
    const check = new BlockCheck(2);
    expect(check.addExpected(1, new Uint8Array(32))).toBe(false);
    expect(check.addExpected(0, new Uint8Array(96))).toBe(false);
    expect(check.addExpected(0, new Uint8Array(64))).toBe(true);
    expect(check.addActual(0, new Uint8Array(32))).toBe(true);
    expect(check.verified).toBe(1);
    expect(check.complete).toBe(false);
  });

  test("a restart keeps the blocks it verified and goes on from there", () => {
    const held = new Uint8Array(64).fill(7);
    const check = new BlockCheck(3, held);
    expect(check.verified).toBe(2);
    expect(check.addActual(2, new Uint8Array(32).fill(9))).toBe(true);
    expect(check.addExpected(2, new Uint8Array(32).fill(9))).toBe(true);
    expect(check.complete).toBe(true);
  });

  test("hex round-trips", () => {
    const b = crypto.getRandomValues(new Uint8Array(64));
    expect(fromHex(toHex(b))).toEqual(b);
  });
});
