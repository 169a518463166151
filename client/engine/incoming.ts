// Receive the files of one accepted transfer: bytes go to a worker that stores and digests them (intake.ts);
// each block's digest is compared with the sender's as both arrive, and each file is checked at its end.
import { blockCount, BLOCK_BYTES, BlockCheck, fromHex, toHex } from "./block-digest";
import { Intake } from "./intake";
import { partKey } from "./kept";
import { storedType } from "./passive-type";
import type { SaveTarget } from "./save-target";
import type { FileFault, FileMeta, ReceivedFile } from "./types";

/**
 * Where a receiver stands, enough to restart it (after a dropped link, or a reload when the files are in
 * OPFS): files before `file` are complete, and file `file` holds `bytes` bytes, durably stored and verified
 * block by block. `bytes` is a multiple of BLOCK_BYTES (or the file's size), and `digests` holds this end's
 * SHA-256 of each of those blocks in order, 32 bytes each — the whole hash state, nothing to re-read. Blocks the
 * sender's digests had not reached yet count too: the sender checks the digest over `digests` against its own
 * before it continues (a `resume`), with `file-start` for `file` and the bytes from `bytes` on.
 */
export interface ReceiveCheckpoint {
  file: number;
  bytes: number;
  digests: Uint8Array;
}

interface Current {
  /** Tags this end's digests of this opening of the file (a restart opens it again). */
  gen: number;
  index: number;
  meta: FileMeta;
  /** Bytes of this file received, with those a restart began with. */
  written: number;
  check: BlockCheck;
}

export class IncomingFiles {
  private current: Current | null = null;
  /** Files whose own digests may still arrive from the worker, by gen: the current one and any still closing. */
  private hashing = new Map<number, Current>();
  private gen = 0;
  private lastIndex = -1;
  private intake: Intake;
  /** Closing files and finishing them wait here, in order. */
  private queue: Promise<void> = Promise.resolve();
  private failed = false;
  /** Restored after a reload: the partial file is on disk but not open in this page's worker yet. */
  private partialClosed = false;

  constructor(
    private id: string,
    private files: FileMeta[],
    private onBytes: (n: number) => void,
    private onFile: (file: ReceivedFile) => void,
    /** The first fault only; `index` is the file it concerns, `detail` a browser's error text. */
    private onError: (fault: FileFault, index: number, detail?: string) => void,
    /** Restart from here instead of from the first byte. */
    private from: ReceiveCheckpoint | null = null,
    /** Where the person chose to save the files; null: origin-private storage, saved from there. */
    private target: SaveTarget | null = null,
  ) {
    this.intake = new Intake(
      (gen, first, digests) => this.ownDigests(gen, first, digests),
      (message) => this.fail("storage", this.current?.index ?? this.lastIndex, message),
    );
    if (from) this.lastIndex = from.file - 1;
  }

  /** File `index` begins, its bytes from `offset` on: 0, or where a restart said to continue. */
  start(index: number, offset = 0) {
    const meta = this.files[index];
    const held = this.from?.file === index ? this.from : null;
    if (!meta || index !== this.lastIndex + 1 || this.current || offset !== (held?.bytes ?? 0)) return this.fail("protocol", index);
    this.from = null;
    this.partialClosed = false;
    this.lastIndex = index;
    const c: Current = { gen: ++this.gen, index, meta, written: held?.bytes ?? 0, check: new BlockCheck(blockCount(meta.size), held?.digests) };
    this.current = c;
    this.hashing.set(c.gen, c);
    // Asked at once, so that the writes that follow reach the worker after it; awaited in turn. Stored under a
    // passive type, never the sender's (passive-type.ts).
    const into = this.target && (this.target.kind === "dir" ? { dir: this.target.dir, path: meta.name } : { file: this.target.file });
    const opened = this.intake.open(c.gen, partKey(this.id, index), storedType(meta.type), meta.size, c.written, held?.digests, into ?? undefined).then(() => null, (err: Error) => err);
    this.chain(async () => {
      const err = await opened;
      if (err) throw err;
    });
  }

  /** A binary frame; transferred to the worker, so the caller must not touch it afterwards. */
  bytes(chunk: ArrayBuffer) {
    const c = this.current;
    if (!c || this.failed) return;
    const n = chunk.byteLength;
    c.written += n;
    if (c.written > c.meta.size) return this.fail("too-large", c.index);
    this.intake.write(chunk);
    this.onBytes(n);
  }

  /** The sender's digests of blocks `first`… of file `index` (a `blocks` message). */
  blocks(index: number, first: number, hex: string) {
    const c = this.current;
    if (!c || c.index !== index || this.failed) return this.fail("protocol", index);
    // Digests never run ahead of the bytes they cover (the sender sends them after those bytes), which also
    // bounds what a peer can make this page hold.
    if (!c.check.addExpected(first, fromHex(hex)) || c.check.expected.count > blockCount(c.written)) return this.fail("protocol", index);
    if (c.check.mismatch !== null) this.fail("corrupted", index);
  }

  end(index: number, sha256: string) {
    const c = this.current;
    if (!c || index !== c.index || this.failed) return this.fail("protocol", index);
    this.current = null;
    if (c.written !== c.meta.size) return this.fail("incomplete", index);
    // Asked at once, like open: the next file's open must not overtake it.
    const closed = this.intake.close().then((r) => r, (err: Error) => err);
    this.chain(async () => {
      const r = await closed;
      if (r instanceof Error) throw r;
      const { file, digest } = r;
      this.hashing.delete(c.gen);
      if (index === this.files.length - 1) this.intake.finish();
      // Every block arrived and matched, and the sender's digest over them is the digest over ours.
      if (!c.check.complete || toHex(digest) !== sha256) return this.fail("corrupted", index);
      this.onFile({ ...c.meta, blob: file, url: URL.createObjectURL(file) });
    });
  }

  /** Where a restart would begin now; flushes what was written so that it holds after a reload. */
  async checkpoint(): Promise<ReceiveCheckpoint> {
    await this.queue;
    const c = this.current;
    // Restarted and not begun again (the sender's files are being picked again): still where it restarted.
    if (!c) return this.from ?? { file: this.lastIndex + 1, bytes: 0, digests: new Uint8Array(0) };
    const durable = await this.intake.flush();
    // Whole blocks only, unless the file is all there; and only blocks stored and digested here. The flush
    // came after every digest of them, so the digests are all in.
    const stored = durable === c.meta.size ? blockCount(durable) : Math.floor(durable / BLOCK_BYTES);
    const blocks = Math.min(c.check.actual.count, stored);
    return { file: c.index, bytes: Math.min(blocks * BLOCK_BYTES, c.meta.size), digests: c.check.actual.prefix(blocks).slice() };
  }

  /**
   * Go back to a checkpoint taken on this transfer (a resume after a dropped link): what arrived after it is
   * dropped, and the sender's next `file-start` for `at.file` continues from `at.bytes`.
   */
  restart(at: ReceiveCheckpoint) {
    if (this.current) this.hashing.delete(this.current.gen);
    this.current = null;
    this.from = at;
    this.lastIndex = at.file - 1;
  }

  /**
   * Go on with files an earlier page of this origin was receiving (a reload): the files before the checkpoint
   * are taken from storage as finished, and the partial one waits for the sender's `file-start`.
   */
  async continueAfterReload() {
    this.partialClosed = true;
    for (let index = 0; index < (this.from?.file ?? 0); index++) {
      const meta = this.files[index]!;
      const file = await this.intake.adopt(partKey(this.id, index));
      if (!file || file.size !== meta.size) return this.fail("storage", index, "a file received before the reload is gone");
      const blob = file.slice(0, file.size, storedType(meta.type));
      this.onFile({ ...meta, blob, url: URL.createObjectURL(blob) });
    }
  }

  /** Resolves when every queued step has landed. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Stop and drop the partial file; finished ones stay until release(). */
  async abort() {
    this.failed = true;
    this.current = null;
    await this.queue;
    if (this.partialClosed && this.from) await this.intake.remove(partKey(this.id, this.from.file));
    await this.intake.abort().catch((err) => console.debug("ferry: abort of a partial file failed", err));
  }

  async release() {
    await this.queue;
    this.intake.finish();
    await this.intake.release();
  }

  private ownDigests(gen: number, first: number, digests: Uint8Array) {
    const c = this.hashing.get(gen);
    if (!c || this.failed) return;
    if (!c.check.addActual(first, digests)) return this.fail("storage", c.index, "the receiver's digests came out of order");
    if (c.check.mismatch !== null) this.fail("corrupted", c.index);
  }

  private chain(step: () => Promise<void>) {
    const index = this.current?.index ?? this.lastIndex;
    this.queue = this.queue.then(step).catch((err) => this.fail("storage", index, String(err)));
  }

  private fail(fault: FileFault, index: number, detail?: string) {
    if (this.failed) return;
    this.failed = true;
    this.onError(fault, index, detail);
  }
}
