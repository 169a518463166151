// The sender's side of a `resume`: is the receiver's checkpoint a place in these files, and are its blocks the
// bytes this sender has? Only then does it continue from there; the whole-file digest still covers every byte.
import { BLOCK_BYTES, blockCount, fileDigest, toHex, type Digest, type DigestList } from "./block-digest";

/** Where sending continues: file `index` from byte `offset`; `before` bytes of the transfer are there already. */
export interface ResumePoint {
  index: number;
  offset: number;
  before: number;
}

/**
 * `sizes`: the files' sizes as offered; `digests`: per file, the block digests of what this sender has read
 * of it (a longer list than the receiver's is fine). "protocol": no such place in the files; "checkpoint":
 * the receiver's blocks are not this sender's (another file, or the file changed).
 */
export async function checkResume(
  req: { index: number; offset: number; sha256: string },
  sizes: readonly number[],
  digests: readonly (DigestList | undefined)[],
  digest: Digest,
): Promise<ResumePoint | { fault: "protocol" | "checkpoint" }> {
  const size = sizes[req.index];
  if (size === undefined || req.offset > size || (req.offset % BLOCK_BYTES !== 0 && req.offset !== size)) return { fault: "protocol" };
  const blocks = blockCount(req.offset);
  const mine = digests[req.index];
  if (!mine || mine.count < blocks) return { fault: "checkpoint" };
  if (toHex(await fileDigest(digest, mine.prefix(blocks))) !== req.sha256) return { fault: "checkpoint" };
  mine.truncate(blocks);
  const before = sizes.slice(0, req.index).reduce((sum, s) => sum + s, 0) + req.offset;
  return { index: req.index, offset: req.offset, before };
}
