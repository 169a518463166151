// Where received bytes go as they arrive. Never two copies of a file:
// - OPFS (secure contexts): bytes are written to the origin-private file system and the finished file is a
//   disk-backed File, handed out as an object URL. Large files are written by a worker with a synchronous
//   access handle (cheapest per byte); small ones through a writable stream (no worker to start).
// - Otherwise: a Blob assembled from bounded slices; Chromium moves large blobs to disk.
import type { WriterReply, WriterRequest } from "./opfs-writer.worker";

export interface Sink {
  write(chunk: ArrayBuffer): Promise<void>;
  /** Finish the file; returns a Blob of exactly the bytes written. */
  close(): Promise<Blob>;
  /** Drop what was written. */
  abort(): Promise<void>;
  /** Release storage of a finished file once it is no longer offered for saving. */
  release(): Promise<void>;
}

const OPFS_PREFIX = "ferry-";
const STALE_MS = 24 * 3600 * 1000;
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

class OpfsSink implements Sink {
  private constructor(
    private dir: FileSystemDirectoryHandle,
    private name: string,
    private handle: FileSystemFileHandle,
    private writable: FileSystemWritableFileStream,
    private type: string,
  ) {}

  static async open(dir: FileSystemDirectoryHandle, key: string, type: string): Promise<OpfsSink> {
    const name = OPFS_PREFIX + key;
    const handle = await dir.getFileHandle(name, { create: true });
    return new OpfsSink(dir, name, handle, await handle.createWritable(), type);
  }

  /** Chunks are gathered into large writes: each write() is a round trip to the browser process. */
  private batch = new Uint8Array(WRITE_BATCH_BYTES);
  private batched = 0;

  async write(chunk: ArrayBuffer) {
    const bytes = new Uint8Array(chunk);
    if (this.batched + bytes.length > this.batch.length) await this.flush();
    if (bytes.length >= this.batch.length) return this.writable.write(bytes);
    this.batch.set(bytes, this.batched);
    this.batched += bytes.length;
  }

  private async flush() {
    if (this.batched === 0) return;
    // write() may keep a reference until it resolves, so hand it a copy-free view and start a fresh batch.
    const full = this.batch.subarray(0, this.batched);
    this.batch = new Uint8Array(WRITE_BATCH_BYTES);
    this.batched = 0;
    await this.writable.write(full);
  }

  async close() {
    await this.flush();
    await this.writable.close();
    const file = await this.handle.getFile();
    return file.slice(0, file.size, this.type);
  }

  async abort() {
    await this.writable.abort();
    await this.release();
  }

  release() {
    return this.dir.removeEntry(this.name);
  }
}

class WorkerSink implements Sink {
  private failure: string | null = null;
  private waiting: ((r: WriterReply) => void) | null = null;

  private constructor(
    private dir: FileSystemDirectoryHandle,
    private name: string,
    private worker: Worker,
    private type: string,
  ) {
    worker.onmessage = (ev: MessageEvent<WriterReply>) => {
      if (ev.data.op === "error") this.failure = ev.data.message;
      const w = this.waiting;
      this.waiting = null;
      w?.(ev.data);
    };
    // A worker that fails to load or crashes answers nothing: turn that into an error reply.
    worker.onerror = (ev) => worker.onmessage?.(new MessageEvent("message", { data: { op: "error", message: ev.message || "the writer stopped" } }));
  }

  static async open(dir: FileSystemDirectoryHandle, key: string, type: string): Promise<WorkerSink> {
    const worker = new Worker(new URL("./opfs-writer.worker.ts", import.meta.url), { type: "module" });
    const sink = new WorkerSink(dir, OPFS_PREFIX + key, worker, type);
    const r = await sink.request({ op: "open", name: sink.name });
    if (r.op === "error") {
      worker.terminate();
      throw new Error(r.message);
    }
    return sink;
  }

  async write(chunk: ArrayBuffer) {
    if (this.failure) throw new Error(this.failure);
    this.worker.postMessage({ op: "write", chunk } satisfies WriterRequest, [chunk]);
  }

  async close() {
    const r = await this.request({ op: "close" });
    this.worker.terminate();
    if (r.op === "error" || this.failure) throw new Error(this.failure ?? "the file could not be finished");
    const file = await (await this.dir.getFileHandle(this.name)).getFile();
    return file.slice(0, file.size, this.type);
  }

  async abort() {
    await this.request({ op: "abort" });
    this.worker.terminate();
  }

  release() {
    return this.dir.removeEntry(this.name);
  }

  /** Send a request and wait for the worker's next reply (replies come in request order). */
  private request(req: WriterRequest): Promise<WriterReply> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.worker.postMessage(req);
    });
  }
}

/** Slices are closed into Blobs every few MiB so at most one slice of raw buffers is held by us. */
const SLICE_BYTES = 16 * 1024 * 1024;

class BlobSink implements Sink {
  private blobs: Blob[] = [];
  private parts: ArrayBuffer[] = [];
  private partBytes = 0;

  constructor(private type: string) {}

  async write(chunk: ArrayBuffer) {
    this.parts.push(chunk);
    this.partBytes += chunk.byteLength;
    if (this.partBytes >= SLICE_BYTES) this.flush();
  }

  async close() {
    this.flush();
    const blob = new Blob(this.blobs, { type: this.type });
    this.blobs = [];
    return blob;
  }

  async abort() {
    this.blobs = [];
    this.parts = [];
  }

  async release() {}

  private flush() {
    if (this.parts.length) this.blobs.push(new Blob(this.parts));
    this.parts = [];
    this.partBytes = 0;
  }
}

let opfs: Promise<FileSystemDirectoryHandle | null> | null = null;

/** The OPFS root when this browser offers it, cleared of files left by an earlier page. */
function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  opfs ??= (async () => {
    if (!globalThis.isSecureContext || !navigator.storage?.getDirectory) return null;
    try {
      const dir = await navigator.storage.getDirectory();
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
        if (!name.startsWith(OPFS_PREFIX)) continue;
        // Another tab may still offer a recent file for saving: only sweep what is a day old.
        const file = await (await dir.getFileHandle(name)).getFile();
        if (Date.now() - file.lastModified > STALE_MS) await dir.removeEntry(name);
      }
      return dir;
    } catch (err) {
      console.info("ferry: origin-private storage unavailable, receiving into memory-backed blobs", err);
      return null;
    }
  })();
  return opfs;
}

/** Below this size a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 1024 * 1024;

export async function openSink(key: string, type: string, size: number): Promise<Sink> {
  const dir = await opfsRoot();
  if (dir) {
    try {
      if (size >= WORKER_MIN_BYTES && typeof Worker !== "undefined") {
        try {
          return await WorkerSink.open(dir, key, type);
        } catch (err) {
          console.info("ferry: no worker for origin-private storage, writing from the page", err);
        }
      }
      return await OpfsSink.open(dir, key, type);
    } catch (err) {
      console.info("ferry: could not open a file in origin-private storage, using a blob", err);
    }
  }
  return new BlobSink(type);
}
