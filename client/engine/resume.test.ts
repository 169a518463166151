import { describe, expect, test } from "bun:test";
import { BLOCK_BYTES, BlockHasher, DigestList, fileDigest, sha256Digest, toHex } from "./block-digest";
import { checkResume } from "./resume";

/** The block digests of `data`, as a sender keeps them while reading. */
async function digestsOf(data: Uint8Array) {
  const list = new DigestList();
  const hasher = new BlockHasher(await sha256Digest(), (_first, d) => list.append(d));
  hasher.push(data);
  await hasher.finish();
  return list;
}

/** What a receiver holding the first `blocks` blocks of `data` says in its `resume`. */
async function receiverSays(data: Uint8Array, index: number, blocks: number, offset = blocks * BLOCK_BYTES) {
  const mine = await digestsOf(data);
  return { index, offset, sha256: toHex(await fileDigest(await sha256Digest(), mine.prefix(blocks))) };
}

describe("the sender's answer to a resume", () => {
  const first = crypto.getRandomValues(new Uint8Array(1000));
  const data = crypto.getRandomValues(new Uint8Array(5 * BLOCK_BYTES + 777));
  const sizes = [first.length, data.length];

  test("a checkpoint on a block boundary, at the start or at the very end continues there, counting the bytes before it", async () => {
    const digest = await sha256Digest();
    for (const [blocks, offset] of [[3, 3 * BLOCK_BYTES], [0, 0], [6, data.length]] as const) {
      const sent = [await digestsOf(first), await digestsOf(data)];
      const at = await checkResume(await receiverSays(data, 1, blocks, offset), sizes, sent, digest);
      expect(at).toEqual({ index: 1, offset, before: first.length + offset });
      // What is sent from there on is digested onto the receiver's blocks, not onto blocks it never got.
      expect(sent[1]!.count).toBe(blocks);
    }
  });

  test("an offset beyond the file, off a block boundary, or a file that is not in the transfer is refused as a protocol fault", async () => {
    const digest = await sha256Digest();
    const sent = [await digestsOf(first), await digestsOf(data)];
    const ok = await receiverSays(data, 1, 2);
    expect(await checkResume({ ...ok, offset: data.length + 1 }, sizes, sent, digest)).toEqual({ fault: "protocol" });
    expect(await checkResume({ ...ok, offset: BLOCK_BYTES + 1 }, sizes, sent, digest)).toEqual({ fault: "protocol" });
    expect(await checkResume({ ...ok, index: 2 }, sizes, sent, digest)).toEqual({ fault: "protocol" });
  });

  test("a checkpoint that does not match (other bytes, or more blocks than were ever sent) is refused", async () => {
    const digest = await sha256Digest();
    const sent = [await digestsOf(first), await digestsOf(data.subarray(0, 2 * BLOCK_BYTES))];
    const other = crypto.getRandomValues(new Uint8Array(data.length));
    expect(await checkResume(await receiverSays(other, 1, 2), sizes, sent, digest)).toEqual({ fault: "checkpoint" });
    expect(await checkResume(await receiverSays(data, 1, 3), sizes, sent, digest)).toEqual({ fault: "checkpoint" });
    // Nothing of the file was read by this sender (after a reload, before it read it again).
    expect(await checkResume(await receiverSays(data, 1, 1), sizes, [sent[0]!], digest)).toEqual({ fault: "checkpoint" });
  });

  test("a sender whose file changed under the paused transfer (one byte in its first block) refuses to continue", async () => {
    const digest = await sha256Digest();
    const changed = data.slice();
    changed[10]! ^= 1;
    const sent = [await digestsOf(first), await digestsOf(changed)];
    expect(await checkResume(await receiverSays(data, 1, 4), sizes, sent, digest)).toEqual({ fault: "checkpoint" });
  });
});
