// Receive the files of one accepted transfer: bytes into a sink, hashed as they arrive, checked at each file's end.
import type { FileMeta, ReceivedFile } from "./types";
import { openSink, type Sink } from "./sinks";
import { Sha256 } from "./sha256";

export class IncomingFiles {
  private index = -1;
  private sink: Promise<Sink> | null = null;
  private hash = new Sha256();
  private written = 0;
  /** Writes are asynchronous; they are chained so bytes land in order and file ends wait for them. */
  private queue: Promise<void> = Promise.resolve();
  private sinks: Sink[] = [];
  private failed: string | null = null;

  constructor(
    private id: string,
    private files: FileMeta[],
    private onBytes: (n: number) => void,
    private onFile: (file: ReceivedFile) => void,
    private onError: (reason: string) => void,
  ) {}

  start(index: number) {
    const meta = this.files[index];
    if (!meta || index !== this.index + 1 || this.sink) return this.fail("the sender broke the protocol (unexpected file)");
    this.index = index;
    this.hash = new Sha256();
    this.written = 0;
    this.sink = openSink(`${this.id}-${index}`, meta.type, meta.size);
    this.sink.then((s) => this.sinks.push(s), (err) => this.fail(`could not store ${meta.name}: ${err}`));
  }

  bytes(chunk: ArrayBuffer) {
    const sink = this.sink;
    const meta = this.files[this.index];
    if (!sink || !meta || this.failed) return;
    this.written += chunk.byteLength;
    if (this.written > meta.size) return this.fail(`${meta.name} is larger than announced`);
    this.hash.update(new Uint8Array(chunk));
    this.onBytes(chunk.byteLength);
    this.chain(async () => (await sink).write(chunk));
  }

  end(index: number, sha256: string) {
    const sink = this.sink;
    const meta = this.files[index];
    if (!sink || !meta || index !== this.index || this.failed) return this.fail("the sender broke the protocol (unexpected end of file)");
    this.sink = null;
    if (this.written !== meta.size) return this.fail(`${meta.name} arrived incomplete (${this.written} of ${meta.size} bytes)`);
    if (this.hash.digest() !== sha256) return this.fail(`${meta.name} was corrupted in transit (SHA-256 mismatch)`);
    this.chain(async () => {
      const blob = await (await sink).close();
      this.onFile({ ...meta, url: URL.createObjectURL(blob) });
    });
  }

  /** Resolves when every queued write has landed. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Stop and drop partial files; finished ones stay until release(). */
  async abort() {
    this.failed ??= "aborted";
    const open = this.sink;
    this.sink = null;
    await this.queue;
    if (open) await (await open).abort().catch((err) => console.debug("ferry: abort of a partial file failed", err));
  }

  async release() {
    await this.queue;
    await Promise.all(this.sinks.map((s) => s.release().catch((err) => console.debug("ferry: release failed", err))));
  }

  private chain(step: () => Promise<void>) {
    this.queue = this.queue.then(step).catch((err) => this.fail(`could not store the file: ${err}`));
  }

  private fail(reason: string) {
    if (this.failed) return;
    this.failed = reason;
    this.onError(reason);
  }
}
