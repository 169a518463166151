// The sender's reader and hasher, off the main thread: reads a span of a file into block buffers and digests
// each block. The blocks go back to the page (transferred, not copied) as soon as they are read; the span's block
// digests follow when they are done. Spans are read in the order asked, from any block (a resume starts mid-file).
//
// Why a stream into reused buffers rather than `slice().arrayBuffer()` per span (measured in Chromium on this
// 2-core machine, 256 MiB, in a worker, CPU over all of Chromium's processes): a fresh 4 MiB ArrayBuffer per span
// cost 2.3–2.6 ms per MiB (the buffer is mapped and faulted in afresh, and collected later, every time); smaller
// slices cost more (6 ms at 256 KiB: a round trip to the browser process each); fresh 256 KiB buffers filled
// from one stream 2.3–2.9 ms; the stream alone 1.2 ms. So the page hands each block's buffer back once sent.
import { BLOCK_BYTES, BlockHasher, DigestList, fileDigest, sha256Digest } from "./block-digest";

/**
 * `start` is a multiple of BLOCK_BYTES. `digest`: the digest of a file's block digests (block-digest.ts).
 * `recycle`: block buffers the page has sent, for later reads.
 */
export type SourceRequest =
  | { op: "read"; seq: number; file: File; start: number; end: number }
  | { op: "digest"; seq: number; digests: Uint8Array }
  | { op: "recycle"; buffers: ArrayBuffer[] };
/** `blocks`: the span's bytes, a block per view, each view on a buffer of its own. */
export type SourceReply =
  | { op: "blocks"; seq: number; blocks: Uint8Array[] }
  | { op: "digests"; seq: number; digests: ArrayBuffer }
  | { op: "digest"; seq: number; digest: Uint8Array }
  | { op: "error"; seq: number; message: string };

const digest = sha256Digest();
const reply = (r: SourceReply, transfer: Transferable[] = []) => postMessage(r, { transfer });

/** Buffers of BLOCK_BYTES to read into: as many as the page keeps ahead, plus the few being sent. */
const free: ArrayBuffer[] = [];
const MAX_FREE = 64;
const takeBuffer = () => free.pop() ?? new ArrayBuffer(BLOCK_BYTES);

/** The stream being read and where it stands: the next span of the same file goes on from it. */
let reading: { file: File; at: number; reader: ReadableStreamDefaultReader<Uint8Array>; rest: Uint8Array | null } | null = null;

/** Fill `into` from byte `at` of `file`; the count is short only at the file's end. */
async function readInto(file: File, at: number, into: Uint8Array): Promise<number> {
  if (reading?.file !== file || reading.at !== at) {
    reading?.reader.cancel().catch(() => {});
    reading = { file, at, reader: file.slice(at).stream().getReader(), rest: null };
  }
  const r = reading;
  let filled = 0;
  while (filled < into.length) {
    let chunk = r.rest;
    r.rest = null;
    if (!chunk) {
      const next = await r.reader.read();
      if (next.done) break;
      chunk = next.value;
    }
    const take = Math.min(chunk.length, into.length - filled);
    into.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
    filled += take;
    if (take < chunk.length) r.rest = chunk.subarray(take);
  }
  r.at += filled;
  return filled;
}

/** Resolves once the span's blocks are sent; `digests` once its digests are (wrapped, so as not to wait for them). */
async function read(req: Extract<SourceRequest, { op: "read" }>): Promise<{ digests: Promise<void> }> {
  const list = new DigestList();
  const hasher = new BlockHasher(await digest, (_first, d) => list.append(d), req.start / BLOCK_BYTES);
  const blocks: Uint8Array[] = [];
  try {
    for (let at = req.start; at < req.end; at += BLOCK_BYTES) {
      const block = new Uint8Array(takeBuffer(), 0, Math.min(BLOCK_BYTES, req.end - at));
      blocks.push(block);
      if ((await readInto(req.file, at, block)) < block.length) throw new Error("the file is shorter than when it was chosen");
      // The digest reads the bytes at once, so the block can leave before its digest is done.
      hasher.push(block);
    }
  } catch (err) {
    reading = null;
    throw err;
  }
  reply({ op: "blocks", seq: req.seq, blocks }, blocks.map((b) => b.buffer));
  // The digests follow without holding up the next read.
  const digests = (async () => {
    await hasher.finish();
    const bytes = list.prefix().slice().buffer;
    reply({ op: "digests", seq: req.seq, digests: bytes }, [bytes]);
  })();
  return { digests };
}

/** Reads run one after another: each span goes on from where the one before stopped. */
let reads: Promise<unknown> = Promise.resolve();

function serve(req: SourceRequest): Promise<unknown> {
  switch (req.op) {
    case "read": {
      const done = reads.then(() => read(req));
      reads = done.catch(() => {});
      return done.then((r) => r.digests);
    }
    case "digest":
      return (async () => reply({ op: "digest", seq: req.seq, digest: await fileDigest(await digest, req.digests) }))();
    case "recycle":
      for (const b of req.buffers) if (b.byteLength === BLOCK_BYTES && free.length < MAX_FREE) free.push(b);
      return Promise.resolve();
    default:
      return req satisfies never;
  }
}

onmessage = (ev: MessageEvent<SourceRequest>) => {
  const req = ev.data;
  serve(req).catch((err: Error) => reply({ op: "error", seq: "seq" in req ? req.seq : 0, message: err.message || String(err) }));
};
