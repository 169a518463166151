// Stream files to a peer: read ahead in blocks, hash while reading, send chunks under back-pressure.
import type { PeerLink } from "./peer-link";
import { Sha256 } from "./sha256";

/** Chromium accepts DataChannel messages up to 256 KiB; larger messages mean fewer sends per byte. */
export const CHUNK_BYTES = 256 * 1024;
const READ_BYTES = 4 * 1024 * 1024;

export class CancelledError extends Error {}

/**
 * Send `files` as transfer `id`. `onBytes` gets the running total of bytes sent; `stopped` is polled
 * between chunks and returns a reason to stop early.
 */
export async function streamFiles(link: PeerLink, id: string, files: File[], onBytes: (sent: number) => void, stopped: () => string | null) {
  let sent = 0;
  for (let index = 0; index < files.length; index++) {
    const file = files[index]!;
    const hash = new Sha256();
    link.send({ type: "file-start", id, index });
    let next: Promise<ArrayBuffer> | null = file.size > 0 ? file.slice(0, READ_BYTES).arrayBuffer() : null;
    for (let pos = 0; next; ) {
      const block = new Uint8Array(await next);
      pos += block.length;
      // Read the next block while this one is hashed and sent.
      next = pos < file.size ? file.slice(pos, pos + READ_BYTES).arrayBuffer() : null;
      hash.update(block);
      for (let off = 0; off < block.length; off += CHUNK_BYTES) {
        const reason = stopped();
        if (reason) throw new CancelledError(reason);
        const chunk = block.subarray(off, off + CHUNK_BYTES);
        await link.sendBinary(chunk);
        sent += chunk.length;
        onBytes(sent);
      }
    }
    link.send({ type: "file-end", id, index, sha256: hash.digest() });
  }
}
