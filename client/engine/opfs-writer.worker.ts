// Writes one received file into the origin-private file system with a synchronous access handle: the
// renderer writes the file itself, with no round trip to the browser process per write (the cost that
// FileSystemWritableFileStream has). Chunks arrive transferred, not copied.
export type WriterRequest = { op: "open"; name: string } | { op: "write"; chunk: ArrayBuffer } | { op: "close" } | { op: "abort" };
export type WriterReply = { op: "opened" } | { op: "closed" } | { op: "aborted" } | { op: "error"; message: string };

/** lib.dom lacks the worker-only handle type. */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

let handle: SyncAccessHandle | null = null;
let name = "";
let at = 0;
/** After a failure, later writes are dropped: the main thread has been told and will abort. */
let failed = false;

const reply = (r: WriterReply) => postMessage(r);

async function serve(req: WriterRequest) {
  const dir = await navigator.storage.getDirectory();
  switch (req.op) {
    case "open": {
      name = req.name;
      const file = await dir.getFileHandle(name, { create: true });
      handle = await (file as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
      handle.truncate(0);
      at = 0;
      return reply({ op: "opened" });
    }
    case "write": {
      if (failed || !handle) return;
      const bytes = new Uint8Array(req.chunk);
      for (let off = 0; off < bytes.length; ) {
        const n = handle.write(bytes.subarray(off), { at: at + off });
        if (n <= 0) throw new Error("the disk refused the write (full?)");
        off += n;
      }
      at += bytes.length;
      return;
    }
    case "close":
      handle?.flush();
      handle?.close();
      handle = null;
      return reply({ op: "closed" });
    case "abort":
      handle?.close();
      handle = null;
      if (name) await dir.removeEntry(name);
      return reply({ op: "aborted" });
    default:
      req satisfies never;
  }
}

// Requests are handled strictly in order: each waits for the one before.
let queue: Promise<void> = Promise.resolve();
onmessage = (ev: MessageEvent<WriterRequest>) => {
  queue = queue
    .then(() => serve(ev.data))
    .catch((err: Error) => {
      failed = true;
      reply({ op: "error", message: err.message });
    });
};
