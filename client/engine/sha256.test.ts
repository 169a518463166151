import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { Sha256 } from "./sha256";

const ref = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("incremental SHA-256", () => {
  test("matches the standard vectors", () => {
    expect(new Sha256().digest()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(new Sha256().update(new TextEncoder().encode("abc")).digest()).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("gives the same digest however the bytes are split into chunks", () => {
    const data = new Uint8Array(200_003).map((_, i) => (i * 31 + (i >> 7)) & 0xff);
    for (const chunk of [1, 7, 63, 64, 65, 1000, 65536]) {
      const h = new Sha256();
      for (let i = 0; i < data.length; i += chunk) h.update(data.subarray(i, i + chunk));
      expect(h.digest()).toBe(ref(data));
    }
  });

  test("handles every length around the padding boundary", () => {
    for (let n = 50; n < 130; n++) {
      const data = new Uint8Array(n).fill(n);
      expect(new Sha256().update(data).digest()).toBe(ref(data));
    }
  });
});
