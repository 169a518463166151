import { describe, expect, test } from "bun:test";
import { BLOCK_BYTES, sha256Digest, toHex } from "./block-digest";
import { MemoryKeyValue } from "./identity/kv";
import { fileEnds, SentRecords, type SentRecord } from "./sent-records";

const record = (id: string, savedAt: number): SentRecord => ({ id, peerId: "p", files: [{ name: "a", size: 1, type: "", lastModified: 5, firstBlock: "x", lastBlock: "x" }], dirs: [], savedAt });

describe("a sending page's records of its transfers under way", () => {
  test("a record outlives the page (its storage does) until the transfer ends", async () => {
    const kv = new MemoryKeyValue(true);
    await new SentRecords(kv).put(record("t1", Date.now()));
    const reloaded = new SentRecords(kv);
    expect((await reloaded.get("t1"))?.peerId).toBe("p");
    await reloaded.remove("t1");
    expect(await new SentRecords(kv).get("t1")).toBeNull();
  });

  test("a record older than a paused transfer is kept goes, and takes no room once another is written", async () => {
    const kv = new MemoryKeyValue(true);
    const records = new SentRecords(kv, 1000);
    await records.put(record("old", Date.now() - 2000));
    expect(await records.get("old")).toBeNull();
    await records.put(record("new", Date.now()));
    expect(Object.keys((await kv.get("sent-transfers")) as object)).toEqual(["new"]);
  });

  test("a file is told by the digests of its first and last blocks; a small file's two are its one block", async () => {
    const digest = await sha256Digest();
    const data = crypto.getRandomValues(new Uint8Array(2 * BLOCK_BYTES + 10));
    const ends = await fileEnds(new Blob([data]), digest);
    expect(ends.firstBlock).toBe(toHex(await digest(data.subarray(0, BLOCK_BYTES))));
    expect(ends.lastBlock).toBe(toHex(await digest(data.subarray(2 * BLOCK_BYTES))));
    const small = await fileEnds(new Blob([data.subarray(0, 10)]), digest);
    expect(small.lastBlock).toBe(small.firstBlock);
    expect(await fileEnds(new Blob([]), digest)).toEqual({ firstBlock: "", lastBlock: "" });
  });
});
