// The receiver's storage and hasher, off the main thread: one worker per transfer takes each file's bytes in
// batches (buffers transferred from the page, not copied), stores them and digests every block (block-digest.ts). Storage is
// the origin-private file system through a synchronous access handle where the context has one (the renderer
// writes the file itself, no round trip to the browser process per write), else a Blob built from bounded
// slices, which Chromium moves to disk. Block digests go back to the page as they are done; the page compares
// them with the sender's.
import { BLOCK_BYTES, BlockHasher, DigestList, fileDigest, sha256Digest } from "./block-digest";
import { IdbStore, receivedDb } from "./idb-sink";
import { TargetStore } from "./save-target";

/**
 * A place the person chose (File System Access; handles cross to the worker by structured clone): a folder
 * and the file's safe relative path below it, or the one file.
 */
export type Into = { dir: FileSystemDirectoryHandle; path: string } | { file: FileSystemFileHandle };

export type IntakeRequest =
  /**
   * Open a file as `name` (its OPFS entry); its digests will carry `gen`. `at` > 0 continues a file that holds
   * `at` bytes already: the one open in this worker (a resume after a dropped link), else the stored one;
   * `held` are the digests of its first `at` bytes.
   */
  | { op: "open"; gen: number; name: string; type: string; size: number; at: number; held: Uint8Array; into?: Into }
  /** The next `bytes` bytes of the file, at the start of `batch` (transferred, not copied). */
  | { op: "write"; batch: ArrayBuffer; bytes: number }
  /** Make what was written durable (a checkpoint needs it) and say how much that is. */
  | { op: "flush" }
  | { op: "close" }
  | { op: "abort" };
export type IntakeReply =
  | { op: "opened"; storage: "opfs" | "target" | "idb" | "memory" }
  | { op: "digests"; gen: number; first: number; digests: Uint8Array }
  | { op: "flushed"; bytes: number }
  /** A write's buffer, handed back for the next batch once its store is done with it. */
  | { op: "spare"; batch: ArrayBuffer }
  /** `digest`: the file's digest over its block digests (block-digest.ts). */
  | { op: "closed"; file: Blob; digest: Uint8Array }
  | { op: "aborted" }
  | { op: "error"; message: string };

/** lib.dom lacks the worker-only handle type. */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

export interface Store {
  /**
   * The next bytes; a store that must wait for its writes to drain returns a promise. It calls `release` once
   * it no longer needs them (a store that keeps them never does), after which their buffer is gone.
   */
  write(bytes: Uint8Array, release: () => void): void | Promise<void>;
  /** Keep the first `at` bytes and write on from there. */
  truncate(at: number): void;
  flush(): void;
  close(): Promise<Blob>;
  abort(): Promise<void>;
}

class OpfsStore implements Store {
  private constructor(
    private dir: FileSystemDirectoryHandle,
    private name: string,
    private file: FileSystemFileHandle,
    private handle: SyncAccessHandle,
    private at: number,
    private type: string,
  ) {}

  static async open(dir: FileSystemDirectoryHandle, name: string, size: number, at: number, type: string) {
    const file = await dir.getFileHandle(name, { create: true });
    const handle = await (file as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
    if (at > handle.getSize()) throw new Error(`the stored part is shorter than ${at} bytes`);
    // The whole size at once: the browser grants storage in one step instead of at every few writes.
    handle.truncate(size);
    return new OpfsStore(dir, name, file, handle, at, type);
  }

  write(bytes: Uint8Array, release: () => void) {
    // One write per batch: a write through the handle costs the same for 64 KiB as for a few MiB.
    for (let off = 0; off < bytes.length; ) {
      const n = this.handle.write(bytes.subarray(off), { at: this.at + off });
      if (n <= 0) throw new Error("the disk refused the write (full?)");
      off += n;
    }
    this.at += bytes.length;
    release();
  }

  truncate(at: number) {
    this.at = at;
  }

  flush() {
    this.handle.flush();
  }

  async close() {
    // A sender that stopped short leaves a file shorter than announced; the page refuses it either way.
    this.handle.truncate(this.at);
    this.handle.flush();
    this.handle.close();
    const file = await this.file.getFile();
    return file.slice(0, file.size, this.type);
  }

  async abort() {
    this.handle.close();
    await this.dir.removeEntry(this.name);
  }
}

/** Slices are closed into Blobs every few MiB so at most one slice of raw buffers is held. */
const SLICE_BYTES = 16 * 1024 * 1024;

class MemoryStore implements Store {
  private blobs: Blob[] = [];
  private parts: Uint8Array[] = [];
  private partBytes = 0;

  constructor(private type: string) {}

  write(bytes: Uint8Array) {
    this.parts.push(bytes);
    this.partBytes += bytes.length;
    if (this.partBytes >= SLICE_BYTES) this.flush();
  }

  truncate(at: number) {
    this.flush();
    this.blobs = [new Blob(this.blobs).slice(0, at)];
  }

  flush() {
    if (this.parts.length) this.blobs.push(new Blob(this.parts as Uint8Array<ArrayBuffer>[]));
    this.parts = [];
    this.partBytes = 0;
  }

  async close() {
    this.flush();
    return new Blob(this.blobs, { type: this.type });
  }

  async abort() {
    this.blobs = [];
    this.parts = [];
  }
}

let opfs: Promise<FileSystemDirectoryHandle | null> | null = null;
/** The OPFS root where this context may write files through a synchronous handle, else null. */
function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  opfs ??= (async () => {
    if (!globalThis.isSecureContext || !navigator.storage?.getDirectory || !("createSyncAccessHandle" in FileSystemFileHandle.prototype)) return null;
    try {
      return await navigator.storage.getDirectory();
    } catch (err) {
      console.info("ferry: origin-private storage unavailable in the worker, receiving into blobs", err);
      return null;
    }
  })();
  return opfs;
}

const digest = sha256Digest();
let file: { name: string; store: Store; hasher: BlockHasher; digests: DigestList; written: number } | null = null;
/** After a failure, later writes are dropped: the page has been told and will abort. */
let failed = false;

const reply = (r: IntakeReply) => postMessage(r);

async function serve(req: IntakeRequest) {
  switch (req.op) {
    case "open": {
      failed = false;
      const dir = await opfsRoot();
      const gen = req.gen;
      const digests = new DigestList(req.held);
      const hasher = new BlockHasher(
        await digest,
        (first, d) => {
          if (file?.hasher !== hasher) return;
          digests.append(d);
          reply({ op: "digests", gen, first, digests: d });
        },
        req.at / BLOCK_BYTES,
      );
      if (file?.name === req.name) {
        // The same file again: keep what was verified, and drop the digests still coming for what was not.
        file.store.truncate(req.at);
        file = { ...file, hasher, digests, written: req.at };
      } else {
        if (req.at > 0 && !dir) throw new Error("a file kept in memory cannot be continued after a reload");
        if (req.at > 0 && req.into) throw new Error("a file written to a chosen folder cannot be continued after a reload");
        const db = dir || req.into ? null : await receivedDb();
        const store = req.into ? await TargetStore.open(req.into, req.type) : dir ? await OpfsStore.open(dir, req.name, req.size, req.at, req.type) : db ? new IdbStore(db, req.name, req.type) : new MemoryStore(req.type);
        file = { name: req.name, store, hasher, digests, written: req.at };
      }
      return reply({ op: "opened", storage: req.into ? "target" : dir ? "opfs" : (file.store instanceof IdbStore ? "idb" : "memory") });
    }
    case "write": {
      if (failed || !file) return;
      const { batch, bytes } = req;
      const view = new Uint8Array(batch, 0, bytes);
      file.hasher.push(view);
      await file.store.write(view, () => postMessage({ op: "spare", batch } satisfies IntakeReply, [batch]));
      file.written += bytes;
      return;
    }
    case "flush":
      // The digests of whole blocks written so far reach the page first: a checkpoint counts on them.
      await file?.hasher.settled();
      file?.store.flush();
      return reply({ op: "flushed", bytes: file?.written ?? 0 });
    case "close": {
      if (!file) throw new Error("no file is open");
      // Every digest is handed over before the file: the page checks them when it gets the file.
      await file.hasher.finish();
      const { store, digests } = file;
      file = null;
      return reply({ op: "closed", file: await store.close(), digest: await fileDigest(await digest, digests.prefix()) });
    }
    case "abort":
      await file?.store.abort();
      file = null;
      return reply({ op: "aborted" });
    default:
      req satisfies never;
  }
}

// Requests are handled strictly in order: each waits for the one before.
let queue: Promise<void> = Promise.resolve();
onmessage = (ev: MessageEvent<IntakeRequest>) => {
  queue = queue
    .then(() => serve(ev.data))
    .catch((err: Error) => {
      failed = true;
      reply({ op: "error", message: err.message || String(err) });
    });
};
