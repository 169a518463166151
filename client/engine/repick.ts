// After a reload of the sending page: are the files its person picked again the ones it was sending? Each must
// match its record (sent-records.ts) by name, size, modification time and the digests of its first and last
// blocks; then the part the receiver holds is read and hashed again here, so that the receiver's `resume` is
// checked against these bytes (resume.ts) exactly as after a dropped link. Nothing is sent twice.
import { BLOCK_BYTES, DigestList, type Digest } from "./block-digest";
import { fileEnds, type SentFile } from "./sent-records";

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
/** Blocks hashed per read. */
const READ_BLOCKS = 16;

/**
 * The files of a transfer from file `from` on, found among `picked` and each the same file as recorded;
 * null when one is missing or differs. Files before `from` are complete at the receiver and never read again:
 * their places stay empty.
 */
export async function findSameFiles(recorded: readonly SentFile[], picked: readonly File[], from: number, digest: Digest): Promise<File[] | null> {
  const found: File[] = [];
  for (let i = from; i < recorded.length; i++) {
    const want = recorded[i]!;
    const file = picked.find((f) => f.name === baseName(want.name) && f.size === want.size && f.lastModified === want.lastModified);
    if (!file) return null;
    const ends = await fileEnds(file, digest);
    if (ends.firstBlock !== want.firstBlock || ends.lastBlock !== want.lastBlock) return null;
    found[i] = file;
  }
  return found;
}

/** The digests of the first `blocks` blocks of `file`: what this sender would have kept while sending them. */
export async function blockDigests(file: Blob, blocks: number, digest: Digest): Promise<DigestList> {
  const list = new DigestList();
  for (let first = 0; first < blocks; first += READ_BLOCKS) {
    const n = Math.min(READ_BLOCKS, blocks - first);
    const bytes = new Uint8Array(await file.slice(first * BLOCK_BYTES, (first + n) * BLOCK_BYTES).arrayBuffer());
    const digests = await Promise.all(Array.from({ length: n }, (_, i) => digest(bytes.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES))));
    for (const d of digests) list.append(d);
  }
  return list;
}
