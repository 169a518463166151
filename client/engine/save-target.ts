// A place the person chose for a transfer (File System Access: Chromium on desktops, secure pages): a folder
// for several files or a folder, a file for one. The receiver's worker writes the bytes there as they arrive,
// nowhere else first. Paths were made safe when the offer arrived (safe-path.ts): each segment is a plain name.
import type { Into, Store } from "./intake.worker";
import { numbered } from "./safe-path";

export type SaveTarget = { kind: "dir"; dir: FileSystemDirectoryHandle } | { kind: "file"; file: FileSystemFileHandle };

/** Chromium's handles can delete themselves; not yet in lib.dom. */
type Removable = FileSystemFileHandle & { remove?: () => Promise<void> };

async function folderOf(root: FileSystemDirectoryHandle, segments: string[]): Promise<FileSystemDirectoryHandle> {
  let dir = root;
  for (const seg of segments) dir = await dir.getDirectoryHandle(seg, { create: true });
  return dir;
}

/** The chosen folder may hold files already: never write over one, take the next numbered name. */
async function freeName(dir: FileSystemDirectoryHandle, name: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : numbered(name, n);
    const exists = await dir.getFileHandle(candidate).then(
      () => true,
      (err: DOMException) => {
        // NotFoundError: free. TypeMismatchError: a folder has that name, so not free either.
        if (err.name === "NotFoundError") return false;
        if (err.name === "TypeMismatchError") return true;
        throw err;
      },
    );
    if (!exists) return candidate;
  }
}

/** Batches written at once: one awaited at a time was slower than a LAN link (a round trip each). */
const IN_FLIGHT = 4;

/**
 * The file written through a writable stream (a chosen file has no synchronous handle); the stream writes a
 * swap file and puts it in place at close. Each batch is one write (one round trip to the browser process)
 * from a reused buffer; at most IN_FLIGHT are under way, so bytes wait in the link rather than here.
 */
export class TargetStore implements Store {
  private writing: Promise<void> = Promise.resolve();
  private inFlight: { done: Promise<void>; buffer: Uint8Array }[] = [];
  private spare: Uint8Array[] = [];

  private constructor(
    private handle: FileSystemFileHandle,
    private writable: FileSystemWritableFileStream,
    private type: string,
    private remove: () => Promise<void>,
  ) {}

  static async open(into: Into, type: string): Promise<TargetStore> {
    if ("file" in into) {
      const file = into.file as Removable;
      return new TargetStore(file, await file.createWritable(), type, async () => file.remove?.());
    }
    const segments = into.path.split("/");
    const dir = await folderOf(into.dir, segments.slice(0, -1));
    const name = await freeName(dir, segments[segments.length - 1]!);
    const handle = await dir.getFileHandle(name, { create: true });
    return new TargetStore(handle, await handle.createWritable(), type, () => dir.removeEntry(name));
  }

  async write(chunks: Uint8Array[]): Promise<void> {
    if (this.inFlight.length >= IN_FLIGHT) {
      const oldest = this.inFlight.shift()!;
      await oldest.done;
      this.spare.push(oldest.buffer);
    }
    const size = chunks.reduce((n, c) => n + c.length, 0);
    let buffer = this.spare.pop();
    if (!buffer || buffer.length < size) buffer = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      buffer.set(c, at);
      at += c.length;
    }
    // The stream has taken the bytes once its write resolves: then the buffer is free for a later batch.
    this.writing = this.writing.then(() => this.writable.write(buffer.subarray(0, size) as Uint8Array<ArrayBuffer>));
    this.inFlight.push({ done: this.writing, buffer });
  }

  truncate(at: number) {
    this.writing = this.writing.then(async () => {
      await this.writable.truncate(at);
      await this.writable.seek(at);
    });
  }

  /** Nothing is durable before close: the stream keeps its bytes in a swap file until then. */
  flush() {}

  async close() {
    await this.writing;
    await this.writable.close();
    const file = await this.handle.getFile();
    return file.slice(0, file.size, this.type);
  }

  async abort() {
    await this.writing.catch((err) => console.debug("ferry: a write failed before the abort", err));
    await this.writable.abort();
    await this.remove();
  }
}

/** Create the transfer's empty folders below the chosen one. */
export async function makeFolders(target: SaveTarget, dirs: readonly string[]) {
  if (target.kind !== "dir") return;
  for (const d of dirs) await folderOf(target.dir, d.split("/"));
}

/** What to call the target on screen. */
export const targetName = (target: SaveTarget) => (target.kind === "dir" ? target.dir.name : target.file.name);
