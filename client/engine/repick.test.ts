import { describe, expect, test } from "bun:test";
import { BLOCK_BYTES, BlockHasher, DigestList, sha256Digest, toHex } from "./block-digest";
import { blockDigests, findSameFiles } from "./repick";
import { fileEnds, type SentFile } from "./sent-records";

const digestP = sha256Digest();

async function recorded(file: File, name = file.name): Promise<SentFile> {
  return { name, size: file.size, type: file.type, lastModified: file.lastModified, ...(await fileEnds(file, await digestP)) };
}

describe("the files picked again after a reload of the sending page", () => {
  const data = crypto.getRandomValues(new Uint8Array(3 * BLOCK_BYTES + 100));
  const video = new File([data], "video.bin", { lastModified: 1_700_000_000_000 });

  test("the same file, picked among others, is found; a file before the resume point is not needed", async () => {
    const other = new File(["x"], "other.txt", { lastModified: 1 });
    const rec = [await recorded(other, "done/other.txt"), await recorded(video, "trip/video.bin")];
    const found = await findSameFiles(rec, [new File(["y"], "notes.txt"), video], 1, await digestP);
    expect(found?.[1]).toBe(video);
    expect(found?.[0]).toBeUndefined();
  });

  test("another file of the same name, size and time but other bytes in its first or last block is not the same", async () => {
    const rec = [await recorded(video)];
    for (const at of [10, data.length - 1]) {
      const changed = data.slice();
      changed[at]! ^= 1;
      expect(await findSameFiles(rec, [new File([changed], "video.bin", { lastModified: video.lastModified })], 0, await digestP)).toBeNull();
    }
  });

  test("a file changed since (another time or size), or missing, is not the same", async () => {
    const rec = [await recorded(video)];
    expect(await findSameFiles(rec, [new File([data], "video.bin", { lastModified: video.lastModified + 1 })], 0, await digestP)).toBeNull();
    expect(await findSameFiles(rec, [new File([data.subarray(1)], "video.bin", { lastModified: video.lastModified })], 0, await digestP)).toBeNull();
    expect(await findSameFiles(rec, [], 0, await digestP)).toBeNull();
  });

  test("the part the receiver holds is hashed again into the digests the sender kept while sending it", async () => {
    const digest = await digestP;
    const kept = new DigestList();
    const hasher = new BlockHasher(digest, (_first, d) => kept.append(d));
    hasher.push(data);
    await hasher.finish();
    for (const blocks of [0, 2, 4]) expect(toHex((await blockDigests(video, blocks, digest)).prefix())).toBe(toHex(kept.prefix(blocks)));
  });
});
