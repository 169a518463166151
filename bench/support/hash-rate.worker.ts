// Runs in a Chromium worker (bundled by hash-rate.ts): hashes N MiB with the engine's block digests, as the
// sender's and receiver's workers do, from 256 KiB pieces of a random buffer, and says how long it took.
import { BLOCK_BYTES, BlockHasher, sha256Digest, wasmDigest } from "../../client/engine/block-digest";

const MiB = 1 << 20;
const source = new Uint8Array(64 * MiB);
for (let off = 0; off < source.length; off += 65536) crypto.getRandomValues(source.subarray(off, off + 65536));

/**
 * One macrotask, for the digests' results to come in. Not setTimeout(0): nested timers are clamped to 4 ms,
 * which capped this loop at 8 blocks per 4 ms (500 MiB/s) and measured the clamp, not the hashing.
 */
const ticks = new MessageChannel();
const nextTask = () =>
  new Promise<void>((resolve) => {
    ticks.port1.onmessage = () => resolve();
    ticks.port2.postMessage(null);
  });

onmessage = async (ev: MessageEvent<{ kind: "native" | "hash-wasm"; mib: number }>) => {
  const digest = ev.data.kind === "native" ? await sha256Digest() : await wasmDigest();
  let blocks = 0;
  const hasher = new BlockHasher(digest, () => blocks++);
  const t0 = performance.now();
  for (let done = 0; done < ev.data.mib * MiB; done += BLOCK_BYTES) {
    const off = done % source.length;
    hasher.push(source.subarray(off, off + BLOCK_BYTES));
    // Let digests finish as they would between arriving chunks, rather than queueing a whole file's worth.
    if (blocks + 8 < done / BLOCK_BYTES) await nextTask();
  }
  await hasher.finish();
  postMessage({ ms: performance.now() - t0, blocks });
};
