import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { encodeQr, type QrMatrix } from "./qr";

const fingerprint = (m: QrMatrix) =>
  createHash("sha256")
    .update(m.map((row) => row.map((dark) => (dark ? "1" : "0")).join("")).join("\n"))
    .digest("hex");

/** The 7×7 finder pattern: a dark ring, a light ring, a dark 3×3 centre. */
function hasFinderAt(m: QrMatrix, left: number, top: number): boolean {
  for (let y = 0; y < 7; y++)
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
      if (m[top + y]![left + x] !== (ring !== 2)) return false;
    }
  return true;
}

describe("encodeQr", () => {
  test("picks the smallest version that holds the text", () => {
    expect(encodeQr("a").length).toBe(21); // version 1
    expect(encodeQr("http://192.168.1.23:8080/").length).toBe(25); // version 2
    expect(encodeQr("x".repeat(200)).length).toBe(57); // version 10, 16-bit length field
  });

  test("draws the three finder patterns and the timing lines", () => {
    const m = encodeQr("http://192.168.1.23:8080/");
    const n = m.length;
    expect(hasFinderAt(m, 0, 0)).toBe(true);
    expect(hasFinderAt(m, n - 7, 0)).toBe(true);
    expect(hasFinderAt(m, 0, n - 7)).toBe(true);
    for (let i = 8; i < n - 8; i++) {
      expect(m[6]![i]).toBe(i % 2 === 0);
      expect(m[i]![6]).toBe(i % 2 === 0);
    }
  });

  // These matrices were decoded by zbarimg (zbar 0.23) back to exactly their input when written; a change in
  // them means the encoder changed, so decode again before updating the fingerprints.
  test("produces the matrices verified with a real decoder", () => {
    expect(fingerprint(encodeQr("http://192.168.1.23:8080/"))).toBe("7e0332481e2b05d4b0378db652e485511b916b783ee2c05ab8a57372b492713b");
    expect(fingerprint(encodeQr("https://ferry.example/" + "x".repeat(120)))).toBe(
      "9d9f1459780558ca5fd37152eebf9092c5057909e6e566a4a845ea683c913013",
    );
  });

  test("refuses text beyond the largest code", () => {
    expect(() => encodeQr("x".repeat(3000))).toThrow(RangeError);
  });
});
