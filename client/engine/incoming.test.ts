import { describe, expect, test } from "bun:test";
import { BLOCK_BYTES, BlockHasher, DigestList, fileDigest, sha256Digest, toHex } from "./block-digest";
import { IncomingFiles, type ReceiveCheckpoint } from "./incoming";
import type { ReceivedFile } from "./types";

/** What a sender says about `data`: its `blocks` messages (16 digests each) and the file's digest. */
async function senderDigests(data: Uint8Array) {
  const digest = await sha256Digest();
  const all = new DigestList();
  const hasher = new BlockHasher(digest, (_first, d) => all.append(d));
  hasher.push(data);
  await hasher.finish();
  const blocks: { first: number; hex: string }[] = [];
  for (let first = 0; first < all.count; first += 16) blocks.push({ first, hex: toHex(all.prefix(Math.min(all.count, first + 16)).subarray(first * 32)) });
  return { blocks, file: toHex(await fileDigest(digest, all.prefix())) };
}

function receiver(files: { name: string; size: number }[], from?: ReceiveCheckpoint) {
  const got: ReceivedFile[] = [];
  const errors: string[] = [];
  // Faults as "code:index", the engine's words for what went wrong.
  let bytes = 0;
  const metas = files.map((f) => ({ ...f, type: "application/octet-stream" }));
  const inc = new IncomingFiles("t1", metas, (n) => (bytes += n), (f) => got.push(f), (fault, index, detail) => (errors.push(`${fault}:${index}`), detail && console.log("DETAIL", detail)), from);
  return { inc, got, errors, bytes: () => bytes };
}

/** Send file `index` as a sender does: bytes in chunks, then the blocks' digests, then the file's. */
async function send(inc: IncomingFiles, index: number, data: Uint8Array, said = data, chunk = 65536) {
  const digests = await senderDigests(said);
  inc.start(index);
  for (let i = 0; i < data.length; i += chunk) inc.bytes(data.slice(i, i + chunk).buffer);
  for (const b of digests.blocks) inc.blocks(index, b.first, b.hex);
  inc.end(index, digests.file);
}

async function fetchBytes(url: string) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe("receiving files", () => {
  test("bytes arriving in chunks are stored in order and every block is verified against the sender's digests", async () => {
    const data = crypto.getRandomValues(new Uint8Array(3 * BLOCK_BYTES + 300_000));
    const r = receiver([{ name: "a.bin", size: data.length }, { name: "empty", size: 0 }]);
    await send(r.inc, 0, data);
    await send(r.inc, 1, new Uint8Array(0));
    await r.inc.settled();
    expect(r.errors).toEqual([]);
    expect(r.bytes()).toBe(data.length);
    expect(r.got.map((f) => f.name)).toEqual(["a.bin", "empty"]);
    expect(await fetchBytes(r.got[0]!.url)).toEqual(data);
    expect((await fetchBytes(r.got[1]!.url)).length).toBe(0);
  });

  test("a corrupted file (one byte changed on the way) fails as corrupted and is not offered", async () => {
    const data = crypto.getRandomValues(new Uint8Array(2 * BLOCK_BYTES + 5));
    const bad = data.slice();
    bad[BLOCK_BYTES + 7]! ^= 0x80;
    const r = receiver([{ name: "x.bin", size: data.length }]);
    await send(r.inc, 0, bad, data);
    await r.inc.settled();
    expect(r.errors).toEqual(["corrupted:0"]);
    expect(r.got).toEqual([]);
  });

  test("a file whose digest over the blocks does not match fails as corrupted", async () => {
    const data = crypto.getRandomValues(new Uint8Array(1000));
    const r = receiver([{ name: "x.bin", size: data.length }]);
    r.inc.start(0);
    r.inc.bytes(data.slice().buffer);
    r.inc.blocks(0, 0, (await senderDigests(data)).blocks[0]!.hex);
    r.inc.end(0, "0".repeat(64));
    await r.inc.settled();
    expect(r.errors).toEqual(["corrupted:0"]);
  });

  test("truncated and extended files are refused", async () => {
    const short = receiver([{ name: "s", size: 10 }]);
    await send(short.inc, 0, new Uint8Array(5));
    expect(short.errors).toEqual(["incomplete:0"]);

    const big = receiver([{ name: "b", size: 2 }]);
    big.inc.start(0);
    big.inc.bytes(new Uint8Array(3).buffer);
    expect(big.errors).toEqual(["too-large:0"]);
  });

  test("a sender that skips files, or sends digests ahead of their bytes, is refused", async () => {
    const r = receiver([{ name: "a", size: 0 }, { name: "b", size: 0 }]);
    r.inc.start(1);
    expect(r.errors).toEqual(["protocol:1"]);

    const data = crypto.getRandomValues(new Uint8Array(2 * BLOCK_BYTES));
    const ahead = receiver([{ name: "a", size: data.length }]);
    ahead.inc.start(0);
    ahead.inc.bytes(data.slice(0, 1000).buffer);
    ahead.inc.blocks(0, 0, (await senderDigests(data)).blocks[0]!.hex);
    expect(ahead.errors).toEqual(["protocol:0"]);
  });

  test("a receiver goes back to a checkpoint: it keeps the blocks it stored and digested (the sender checks them at the resume) and takes only the rest, giving the same digest as one pass", async () => {
    const data = crypto.getRandomValues(new Uint8Array(3 * BLOCK_BYTES + 1234));
    const digests = await senderDigests(data);
    const r = receiver([{ name: "a", size: data.length }]);
    r.inc.start(0);
    r.inc.bytes(data.slice(0, 2 * BLOCK_BYTES + 99).buffer);
    // The sender's digests have reached block 0 only; block 1 is stored and digested here, so it counts.
    r.inc.blocks(0, 0, digests.blocks[0]!.hex.slice(0, 64));
    const at = await r.inc.checkpoint();
    expect(at).toEqual({ file: 0, bytes: 2 * BLOCK_BYTES, digests: at.digests });
    expect(toHex(at.digests)).toBe(digests.blocks[0]!.hex.slice(0, 64 * 2));
    // Something more arrives before the link drops; the resume sends from the checkpoint on, digests too.
    r.inc.bytes(data.slice(2 * BLOCK_BYTES + 99, 2 * BLOCK_BYTES + 5000).buffer);
    r.inc.restart(at);
    r.inc.start(0, at.bytes);
    for (let i = at.bytes; i < data.length; i += 100_000) r.inc.bytes(data.slice(i, Math.min(i + 100_000, data.length)).buffer);
    r.inc.blocks(0, 2, digests.blocks[0]!.hex.slice(64 * 2));
    r.inc.end(0, digests.file);
    await r.inc.settled();
    expect(r.errors).toEqual([]);
    expect(await fetchBytes(r.got[0]!.url)).toEqual(data);
  });

  test("a checkpoint asked again before the sender began again (its files being picked again) is still the restart point", async () => {
    const data = crypto.getRandomValues(new Uint8Array(3 * BLOCK_BYTES));
    const r = receiver([{ name: "a", size: data.length }]);
    r.inc.start(0);
    r.inc.bytes(data.slice(0, 2 * BLOCK_BYTES + 10).buffer);
    const at = await r.inc.checkpoint();
    r.inc.restart(at);
    expect(await r.inc.checkpoint()).toEqual(at);
    expect(at.bytes).toBe(2 * BLOCK_BYTES);
  });

  test("a resumed file-start at any other offset than the checkpoint's is refused", async () => {
    const data = crypto.getRandomValues(new Uint8Array(2 * BLOCK_BYTES));
    const r = receiver([{ name: "a", size: data.length }]);
    r.inc.start(0);
    r.inc.bytes(data.slice(0, BLOCK_BYTES + 10).buffer);
    const at = await r.inc.checkpoint();
    r.inc.restart(at);
    r.inc.start(0, 0);
    await r.inc.settled();
    expect(r.errors).toEqual(["protocol:0"]);
  });

  test("after a reload only a file kept in the origin-private file system can be continued", async () => {
    const r = receiver([{ name: "a", size: 3 * BLOCK_BYTES }], { file: 0, bytes: BLOCK_BYTES, digests: new Uint8Array(32) });
    r.inc.start(0, BLOCK_BYTES);
    await r.inc.settled();
    expect(r.errors).toEqual(["storage:0"]);
  });
});
