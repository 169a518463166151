// The page's side of intake.worker.ts: where received bytes go as they arrive. Never two copies of a file:
// the worker writes it to the origin-private file system (secure contexts) and hands back a disk-backed File,
// or builds a Blob that Chromium spills to disk.
import type { Into } from "./intake.worker";
import type { IntakeReply, IntakeRequest } from "./intake.worker";
import { keptNames, keptReceives } from "./kept";
import { hasOpfs } from "./storage";
import { hold, STORED_PREFIX, sweep } from "./storage-bounds";

let root: Promise<FileSystemDirectoryHandle | null> | null = null;
/**
 * Chunks are copied into batches of this many bytes for the worker: one message and one storage write per batch
 * instead of one per chunk. Every other request sends what is batched first, so order and checkpoints are
 * unchanged.
 */
const BATCH_BYTES = 4 * 1024 * 1024;
/**
 * Batch buffers the worker handed back, kept for reuse. The copy into a reused buffer costs the page less than
 * the worker spends faulting in a fresh 4 MiB buffer per batch to join the chunks in, and the chunks stay the
 * page's garbage, collected at its pace as with a bare DataChannel.
 */
const MAX_SPARE = 4;

/** The OPFS root when this browser offers it. */
function opfsRoot(): Promise<FileSystemDirectoryHandle | null> {
  root ??= (async () => {
    if (!hasOpfs()) return null;
    try {
      return await navigator.storage.getDirectory();
    } catch (err) {
      console.info("ferry: origin-private storage unavailable, receiving into blobs", err);
      return null;
    }
  })();
  return root;
}

/**
 * Remove the stored files no open page holds, within storage-bounds.ts's limits: at page load and before each
 * transfer's first file, so a tab closed mid-transfer or on an undismissed file leaves nothing for long.
 */
export async function sweepStored(): Promise<void> {
  const dir = await opfsRoot();
  if (!dir) return;
  // Read afresh each time: another tab may have paused a transfer since this page loaded.
  const resumable = new Set((await keptReceives()).flatMap(keptNames));
  await sweep(dir, resumable).catch((err) => console.debug("ferry: could not sweep stored files", err));
}

type Waiting = { resolve: (r: IntakeReply) => void; reject: (err: Error) => void };

/** One transfer's files, one after another, through one worker. */
export class Intake {
  private worker: Worker;
  /** Replies to open, flush, close and abort come in request order. */
  private waiting: Waiting[] = [];
  private failure: Error | null = null;
  /** OPFS names of the files stored so far, each held against other pages' sweeps until released. */
  private stored = new Map<string, () => void>();
  /** Requests wait for the sweep of unheld files, then go at once. */
  private swept = false;
  private sweepDone = sweepStored().then(() => void (this.swept = true));
  private batch: Uint8Array<ArrayBuffer> | null = null;
  private batchBytes = 0;
  private spare: ArrayBuffer[] = [];

  /**
   * `onDigests` gets this end's block digests of the file opened as `gen`, from block `first`, in order;
   * `onError` a storage failure (every later call fails too).
   */
  constructor(
    private onDigests: (gen: number, first: number, digests: Uint8Array) => void,
    private onError: (message: string) => void,
  ) {
    this.worker = new Worker(new URL("./intake.worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (ev: MessageEvent<IntakeReply>) => this.onReply(ev.data);
    // A worker that fails to load or crashes answers nothing: turn that into an error reply.
    this.worker.onerror = (ev) => this.onReply({ op: "error", message: ev.message || "the receiver's storage stopped" });
  }

  /**
   * Open a file under `key`, its digests tagged `gen`; `at` > 0 continues it from that byte (the same file
   * still open in this intake, or one stored in OPFS by an earlier page).
   */
  async open(gen: number, key: string, type: string, size: number, at = 0, held: Uint8Array = new Uint8Array(0), into?: Into): Promise<void> {
    const name = STORED_PREFIX + key;
    // Held against other pages' sweeps (a file open for writing cannot be removed meanwhile); the request goes
    // at once, so that the writes that follow reach the worker after it.
    const holding = hold(name);
    const r = await this.request({ op: "open", gen, name, type, size, at, held, into }).catch(async (err: Error) => {
      (await holding)();
      throw err;
    });
    const release = await holding;
    if (r.op === "opened" && r.storage === "opfs") this.stored.set(name, release);
    else release();
  }

  /** The chunk may be transferred to the worker: the caller must not use it afterwards. */
  write(chunk: ArrayBuffer) {
    if (this.failure) return;
    if (this.batchBytes + chunk.byteLength > BATCH_BYTES) this.sendBatch();
    // Larger than a batch (a browser may accept messages of many MiB): it goes as it is.
    if (chunk.byteLength > BATCH_BYTES) return this.post({ op: "write", batch: chunk, bytes: chunk.byteLength }, [chunk]);
    this.batch ??= new Uint8Array(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES));
    this.batch.set(new Uint8Array(chunk), this.batchBytes);
    this.batchBytes += chunk.byteLength;
    if (this.batchBytes === BATCH_BYTES) this.sendBatch();
  }

  private sendBatch() {
    if (!this.batch || this.batchBytes === 0) return;
    const { buffer } = this.batch;
    this.post({ op: "write", batch: buffer, bytes: this.batchBytes }, [buffer]);
    this.batch = null;
    this.batchBytes = 0;
  }

  /** Bytes of the open file that are durably stored. */
  async flush(): Promise<number> {
    const r = await this.request({ op: "flush" });
    return r.op === "flushed" ? r.bytes : 0;
  }

  /** Finish the open file: its bytes, and its digest over its blocks; every block digest has been handed over by then. */
  async close(): Promise<{ file: Blob; digest: Uint8Array }> {
    const r = await this.request({ op: "close" });
    if (r.op !== "closed") throw new Error("the file could not be finished");
    return r;
  }

  /** Drop the open file and stop the worker. */
  async abort() {
    this.batch = null;
    this.batchBytes = 0;
    if (!this.failure) await this.request({ op: "abort" });
    this.finish();
  }

  /** The worker is done (files stay until release); later requests fail. */
  finish() {
    this.worker.terminate();
    this.failure ??= new Error("the receiver's storage was closed");
  }

  /**
   * A finished file an earlier page stored under `key` (a reload mid-transfer): held and released like the
   * files stored here; null when it is gone.
   */
  async adopt(key: string): Promise<File | null> {
    const name = STORED_PREFIX + key;
    const file = await (await opfsRoot())?.getFileHandle(name).then((h) => h.getFile(), () => null);
    if (file) this.stored.set(name, await hold(name));
    return file ?? null;
  }

  /** Remove the partial file an earlier page left under `key` (a restored transfer given up before it went on). */
  async remove(key: string) {
    await (await opfsRoot())?.removeEntry(STORED_PREFIX + key).catch((err) => console.debug("ferry: could not remove", key, err));
  }

  /** Release the storage of every file this intake stored. */
  async release() {
    const dir = await opfsRoot();
    if (dir) await Promise.all([...this.stored.keys()].map((name) => dir.removeEntry(name).catch((err) => console.debug("ferry: release failed", name, err))));
    for (const unhold of this.stored.values()) unhold();
    this.stored.clear();
  }

  private request(req: IntakeRequest): Promise<IntakeReply> {
    if (this.failure) return Promise.reject(this.failure);
    this.sendBatch();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.post(req);
    });
  }

  private post(req: IntakeRequest, transfer: Transferable[] = []) {
    // Callbacks on one promise run in the order they were added, so requests keep their order.
    if (this.swept) this.worker.postMessage(req, transfer);
    else void this.sweepDone.then(() => this.worker.postMessage(req, transfer));
  }

  private onReply(r: IntakeReply) {
    switch (r.op) {
      case "digests":
        return this.onDigests(r.gen, r.first, r.digests);
      case "spare":
        // A chunk larger than a batch came back too; only batch-sized buffers are worth keeping.
        if (r.batch.byteLength === BATCH_BYTES && this.spare.length < MAX_SPARE) this.spare.push(r.batch);
        return;
      case "error": {
        if (this.failure) return;
        this.failure = new Error(r.message);
        for (const w of this.waiting.splice(0)) w.reject(this.failure);
        return this.onError(r.message);
      }
      case "opened":
      case "flushed":
      case "closed":
      case "aborted":
        return this.waiting.shift()?.resolve(r);
      default:
        r satisfies never;
    }
  }
}
