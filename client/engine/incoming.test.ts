import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { IncomingFiles } from "./incoming";
import type { ReceivedFile } from "./types";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function receiver(files: { name: string; size: number }[]) {
  const got: ReceivedFile[] = [];
  const errors: string[] = [];
  let bytes = 0;
  const inc = new IncomingFiles("t1", files.map((f) => ({ ...f, type: "application/octet-stream" })), (n) => (bytes += n), (f) => got.push(f), (e) => errors.push(e));
  return { inc, got, errors, bytes: () => bytes };
}

async function fetchBytes(url: string) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe("receiving files", () => {
  test("bytes arriving in chunks are stored in order and verified against the sender's hash", async () => {
    const data = crypto.getRandomValues(new Uint8Array(300_000));
    const r = receiver([{ name: "a.bin", size: data.length }, { name: "empty", size: 0 }]);
    r.inc.start(0);
    for (let i = 0; i < data.length; i += 65536) r.inc.bytes(data.slice(i, i + 65536).buffer);
    r.inc.end(0, sha(data));
    r.inc.start(1);
    r.inc.end(1, sha(new Uint8Array(0)));
    await r.inc.settled();
    expect(r.errors).toEqual([]);
    expect(r.bytes()).toBe(data.length);
    expect(r.got.map((f) => f.name)).toEqual(["a.bin", "empty"]);
    expect(await fetchBytes(r.got[0]!.url)).toEqual(data);
    expect((await fetchBytes(r.got[1]!.url)).length).toBe(0);
  });

  test("a file whose hash does not match fails with a clear reason and is not offered", async () => {
    const data = new Uint8Array([1, 2, 3, 4]);
    const r = receiver([{ name: "x.bin", size: 4 }]);
    r.inc.start(0);
    r.inc.bytes(data.slice().buffer);
    r.inc.end(0, sha(new Uint8Array([1, 2, 3, 5])));
    await r.inc.settled();
    expect(r.errors).toEqual(["x.bin was corrupted in transit (SHA-256 mismatch)"]);
    expect(r.got).toEqual([]);
  });

  test("short and oversized files are refused", async () => {
    const short = receiver([{ name: "s", size: 10 }]);
    short.inc.start(0);
    short.inc.bytes(new Uint8Array(5).buffer);
    short.inc.end(0, sha(new Uint8Array(5)));
    expect(short.errors[0]).toContain("incomplete");

    const big = receiver([{ name: "b", size: 2 }]);
    big.inc.start(0);
    big.inc.bytes(new Uint8Array(3).buffer);
    expect(big.errors[0]).toContain("larger than announced");
  });

  test("a sender that skips or repeats files is refused", () => {
    const r = receiver([{ name: "a", size: 0 }, { name: "b", size: 0 }]);
    r.inc.start(1);
    expect(r.errors[0]).toContain("unexpected file");
  });
});
