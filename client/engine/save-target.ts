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

/**
 * Bytes handed to the writable stream and not yet written. The worker waits for the stream beyond it, so a
 * failed write (a full disk) fails the transfer within a few MiB rather than at close.
 */
const IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/**
 * The file written through a writable stream (a chosen file has no synchronous handle), a batch per write. The
 * stream writes a swap file and puts it in place at close.
 */
export class TargetStore implements Store {
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;

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

  async write(bytes: Uint8Array, release: () => void) {
    const n = bytes.length;
    this.inFlight += n;
    this.writing = this.writing.then(async () => {
      await this.writable.write(bytes as Uint8Array<ArrayBuffer>);
      this.inFlight -= n;
      release();
    });
    // Waits for the stream to catch up (every write queued so far); a failed write rejects here and fails the transfer.
    if (this.inFlight > IN_FLIGHT_BYTES) await this.writing;
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
