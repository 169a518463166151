// The sender's reader and hasher, off the main thread: reads a span of a file and digests its blocks. The
// bytes go back to the page (transferred, not copied) as soon as they are read; the span's block digests follow
// when they are done. Requests are independent, so a sender may start at any block (a resume does).
import { BLOCK_BYTES, BlockHasher, DigestList, fileDigest, sha256Digest } from "./block-digest";

/** `start` is a multiple of BLOCK_BYTES. `digest`: the digest of a file's block digests (block-digest.ts). */
export type SourceRequest = { op: "read"; seq: number; file: File; start: number; end: number } | { op: "digest"; seq: number; digests: Uint8Array };
export type SourceReply =
  | { op: "bytes"; seq: number; bytes: ArrayBuffer }
  | { op: "digests"; seq: number; digests: ArrayBuffer }
  | { op: "digest"; seq: number; digest: Uint8Array }
  | { op: "error"; seq: number; message: string };

const digest = sha256Digest();
const reply = (r: SourceReply, transfer: Transferable[] = []) => postMessage(r, { transfer });

async function read(req: Extract<SourceRequest, { op: "read" }>) {
  const bytes = await req.file.slice(req.start, req.end).arrayBuffer();
  const list = new DigestList();
  const hasher = new BlockHasher(await digest, (_first, d) => list.append(d), req.start / BLOCK_BYTES);
  // The digests read the bytes at once, so they can leave before the digests are done.
  hasher.push(new Uint8Array(bytes));
  reply({ op: "bytes", seq: req.seq, bytes }, [bytes]);
  await hasher.finish();
  const digests = list.prefix().slice().buffer;
  reply({ op: "digests", seq: req.seq, digests }, [digests]);
}

async function serve(req: SourceRequest) {
  switch (req.op) {
    case "read":
      return read(req);
    case "digest":
      return reply({ op: "digest", seq: req.seq, digest: await fileDigest(await digest, req.digests) });
    default:
      req satisfies never;
  }
}

onmessage = (ev: MessageEvent<SourceRequest>) => {
  const req = ev.data;
  serve(req).catch((err: Error) => reply({ op: "error", seq: req.seq, message: err.message || String(err) }));
};
