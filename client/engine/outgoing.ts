// Stream files to a peer: a worker reads ahead into block buffers and digests each block (block-digest.ts),
// the page sends the bytes in chunks under back-pressure and hands each span's buffers back for the next reads,
// then sends each span's block digests, then the file's digest.
import { BLOCK_BYTES, DigestList, toHex } from "./block-digest";
import type { PeerLink } from "./peer-link";
import type { ResumePoint } from "./resume";
import type { SourceReply, SourceRequest } from "./source.worker";

/** Bytes per read: a multiple of BLOCK_BYTES, so that every span starts on a block. */
const READ_BYTES = 16 * BLOCK_BYTES;
/** Read ahead at most this much, and this many spans (a folder of small files is many spans of a few bytes). */
const AHEAD_BYTES = 2 * READ_BYTES;
const AHEAD_SPANS = 32;

export class CancelledError extends Error {}

interface Span {
  index: number;
  start: number;
  end: number;
  /** The span's bytes, a block per view. */
  blocks: Promise<Uint8Array[]>;
  digests: Promise<Uint8Array>;
}

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** The page's side of source.worker.ts. */
class BlockSource {
  private worker = new Worker(new URL("./source.worker.ts", import.meta.url), { type: "module" });
  private seq = 0;
  /** By request: the blocks read (reads only), then the digests. */
  private waiting = new Map<number, { blocks?: ReturnType<typeof deferred<Uint8Array[]>>; digests: ReturnType<typeof deferred<Uint8Array>> }>();

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<SourceReply>) => {
      const r = ev.data;
      const w = this.waiting.get(r.seq);
      if (!w) return;
      switch (r.op) {
        case "blocks":
          return w.blocks?.resolve(r.blocks);
        case "digests":
          this.waiting.delete(r.seq);
          return w.digests.resolve(new Uint8Array(r.digests));
        case "digest":
          this.waiting.delete(r.seq);
          return w.digests.resolve(r.digest);
        case "error": {
          this.waiting.delete(r.seq);
          const err = new Error(r.message);
          w.blocks?.reject(err);
          return w.digests.reject(err);
        }
        default:
          r satisfies never;
      }
    };
    // A worker that fails to load or crashes answers nothing: fail whatever waits.
    this.worker.onerror = (ev) => {
      const err = new Error(ev.message || "the file reader stopped");
      for (const w of this.waiting.values()) w.blocks?.reject(err), w.digests.reject(err);
      this.waiting.clear();
    };
  }

  read(file: File, index: number, start: number, end: number): Span {
    if (start === end) return { index, start, end, blocks: Promise.resolve([]), digests: Promise.resolve(new Uint8Array(0)) };
    const seq = ++this.seq;
    const w = { blocks: deferred<Uint8Array[]>(), digests: deferred<Uint8Array>() };
    // When reading fails both reject; the sender stops at the bytes and never awaits these digests.
    w.digests.promise.catch((err: Error) => console.debug("ferry: digests of a failed read:", err.message));
    this.waiting.set(seq, w);
    this.worker.postMessage({ op: "read", seq, file, start, end } satisfies SourceRequest);
    return { index, start, end, blocks: w.blocks.promise, digests: w.digests.promise };
  }

  /** Blocks whose bytes have been sent (the channel copied them): their buffers go back for later reads. */
  recycle(blocks: Uint8Array[]) {
    const buffers = blocks.map((b) => b.buffer as ArrayBuffer);
    if (buffers.length) this.worker.postMessage({ op: "recycle", buffers } satisfies SourceRequest, buffers);
  }

  /** A file's digest over its block digests. */
  fileDigest(digests: Uint8Array): Promise<Uint8Array> {
    const seq = ++this.seq;
    const w = { digests: deferred<Uint8Array>() };
    this.waiting.set(seq, w);
    this.worker.postMessage({ op: "digest", seq, digests } satisfies SourceRequest);
    return w.digests.promise;
  }

  close() {
    this.worker.terminate();
  }
}

/** Every file's spans in order from `from` (a resume); an empty file, or one resumed at its end, is one empty span. */
function* plan(files: File[], from: ResumePoint): Generator<{ index: number; start: number; end: number }> {
  for (const [index, file] of files.entries()) {
    if (index < from.index) continue;
    let start = index === from.index ? from.offset : 0;
    do {
      const end = Math.min(file.size, start + READ_BYTES);
      yield { index, start, end };
      start = end;
    } while (start < file.size);
  }
}

export const FROM_START: ResumePoint = { index: 0, offset: 0, before: 0 };

/**
 * Send `files` as transfer `id`, from `from` on. `digests` holds each file's block digests as they are read:
 * kept by the caller, so that a resume can check the receiver's blocks against them and a resumed file's
 * digest covers its first part too. `onBytes` gets the running total of bytes sent; `stopped` is polled
 * between chunks and says whether to stop early.
 */
export async function streamFiles(link: PeerLink, id: string, files: File[], from: ResumePoint, digests: DigestList[], onBytes: (sent: number) => void, stopped: () => boolean) {
  const source = new BlockSource();
  const spans = plan(files, from);
  const ahead: (Span & { kept: Promise<void> })[] = [];
  let aheadBytes = 0;
  /** Each span's digests go into `digests` as they are read, in order, whether or not its bytes get sent. */
  let keeping: Promise<void> = Promise.resolve();
  const readAhead = () => {
    while (ahead.length < AHEAD_SPANS && aheadBytes < AHEAD_BYTES) {
      const next = spans.next();
      if (next.done) return;
      const { index, start, end } = next.value;
      // A resumed file keeps the digests of its first part (checked against the receiver's); others start over.
      if (start === (index === from.index ? from.offset : 0) && (index !== from.index || !digests[index])) digests[index] = new DigestList();
      const list = digests[index]!;
      const span = source.read(files[index]!, index, start, end);
      keeping = keeping.then(async () => list.append(await span.digests));
      keeping.catch(() => {}); // a failed read fails the send at its bytes
      ahead.push({ ...span, kept: keeping });
      aheadBytes += end - start;
    }
  };
  /** The file being sent: its digests so far, and the sending of its `blocks` messages in order. */
  interface OpenFile {
    index: number;
    digests: DigestList;
    sent: Promise<void>;
  }
  /** The digests of every span whose bytes went out, at least in part: a resume checks the receiver's against them. */
  let kept: Promise<void> = Promise.resolve();
  const endFile = async (file: OpenFile | null) => {
    if (!file) return;
    await file.sent;
    link.send({ type: "file-end", id, index: file.index, sha256: toHex(await source.fileDigest(file.digests.prefix())) });
  };
  let file = null as OpenFile | null;
  let sent = from.before;
  try {
    for (readAhead(); ahead.length; readAhead()) {
      const span = ahead.shift()!;
      aheadBytes -= span.end - span.start;
      if (span.index !== file?.index) {
        await endFile(file);
        file = { index: span.index, digests: digests[span.index]!, sent: Promise.resolve() };
        link.send({ type: "file-start", id, index: span.index, offset: span.start });
      }
      const blocks = await span.blocks;
      kept = span.kept;
      readAhead();
      // The peer may take less than a block per message; a chunk never spans two blocks.
      const max = Math.min(BLOCK_BYTES, link.maxMessageBytes);
      for (const block of blocks)
        for (let off = 0; off < block.length; ) {
          if (stopped()) throw new CancelledError("stopped");
          const end = Math.min(block.length, off + max);
          await link.sendBinary(end - off === block.length ? block : block.subarray(off, end));
          sent += end - off;
          off = end;
          onBytes(sent);
        }
      source.recycle(blocks);
      const current = file;
      current.sent = current.sent.then(async () => {
        const d = await span.digests;
        if (d.length) link.send({ type: "blocks", id, index: span.index, first: span.start / BLOCK_BYTES, sha256: toHex(d) });
        await span.kept;
      });
    }
    await endFile(file);
  } finally {
    // The worker may still be digesting what was sent: let it finish before it goes.
    await kept.catch(() => {});
    source.close();
  }
}
