// The sender's reader and hasher, off the main thread: reads a span of a file into block buffers and digests
// each block. The blocks go back to the page (transferred, not copied) as soon as they are read; the span's block
// digests follow when they are done. Spans are read in the order asked, from any block (a resume starts mid-file).
//
// Why a stream per span into reused buffers rather than `slice().arrayBuffer()` per span: each fresh 4 MiB
// ArrayBuffer is mapped and faulted in afresh, and collected later. Read alone in a worker (256 MiB, CPU over all
// of Chromium's processes) that cost 2.3–2.6 ms per MiB, a stream 1.2 ms; slices of 256 KiB cost 6 ms (a round
// trip to the browser process each). In a transfer the gain is within the noise of bench/transfer.ts (its
// --compare runs: 0.97–1.02× the CPU per MB of slice reads); one stream per file, read at the link's pace, cost
// the browser process more (1.49 against 1.19 ms per MB in one such run) than a stream per span read at once.
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

/** Fill `into` from `reader`, keeping what is left of its last chunk in `rest`; the count is short only at the end. */
async function readInto(reader: ReadableStreamDefaultReader<Uint8Array>, rest: { bytes: Uint8Array | null }, into: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < into.length) {
    let chunk = rest.bytes;
    rest.bytes = null;
    if (!chunk) {
      const next = await reader.read();
      if (next.done) break;
      chunk = next.value;
    }
    const take = Math.min(chunk.length, into.length - filled);
    into.set(take === chunk.length ? chunk : chunk.subarray(0, take), filled);
    filled += take;
    if (take < chunk.length) rest.bytes = chunk.subarray(take);
  }
  return filled;
}

/** Resolves once the span's blocks are posted to the page; `digests` once its digests are (wrapped, so as not to wait for them). */
async function read(req: Extract<SourceRequest, { op: "read" }>): Promise<{ digests: Promise<void> }> {
  const list = new DigestList();
  const hasher = new BlockHasher(await digest, (_first, d) => list.append(d), req.start / BLOCK_BYTES);
  const blocks: Uint8Array[] = [];
  // A stream per span, read at once (see the top of this file).
  const reader = req.file.slice(req.start, req.end).stream().getReader();
  const rest = { bytes: null as Uint8Array | null };
  for (let at = req.start; at < req.end; at += BLOCK_BYTES) {
    const block = new Uint8Array(takeBuffer(), 0, Math.min(BLOCK_BYTES, req.end - at));
    blocks.push(block);
    if ((await readInto(reader, rest, block)) < block.length) throw new Error("the file is shorter than when it was chosen");
    // The digest reads the bytes at once, so the block can leave before its digest is done.
    hasher.push(block);
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

/** Reads run one after another, in the order asked: a span's stream gets the pipe to itself. */
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
