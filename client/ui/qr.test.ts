import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeQr, type QrMatrix } from "./qr";

/** The matrix as a plain PBM with the 4-module quiet zone QrCode.tsx draws, each module `scale` pixels. */
function toPbm(m: QrMatrix, scale = 4, quiet = 4): string {
  const side = (m.length + quiet * 2) * scale;
  const rows: string[] = [];
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / scale) - quiet;
    let row = "";
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - quiet;
      row += m[my]?.[mx] ? "1" : "0";
    }
    rows.push(row);
  }
  return `P1\n${side} ${side}\n${rows.join("\n")}\n`;
}

/** What zbarimg (zbar-tools, a decoder independent of the encoder) reads from the code. */
function decode(m: QrMatrix): string {
  const dir = mkdtempSync(join(tmpdir(), "ferry-qr-"));
  try {
    const file = join(dir, "code.pbm");
    writeFileSync(file, toPbm(m));
    const run = Bun.spawnSync(["zbarimg", "--quiet", "--raw", "-Sbinary", file]);
    if (run.exitCode !== 0) throw new Error(`zbarimg exited ${run.exitCode}: ${run.stderr.toString()}`);
    return new TextDecoder().decode(run.stdout).replace(/\n$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("encodeQr", () => {
  test("picks the smallest version that holds the text at level M", () => {
    expect(encodeQr("a").length).toBe(21); // version 1
    expect(encodeQr("http://192.168.1.23:8080/").length).toBe(25); // version 2
    expect(encodeQr("x".repeat(200)).length).toBe(57); // version 10
  });

  test("zbarimg decodes the codes back to exactly their text", () => {
    for (const text of [
      "http://192.168.1.23:8080/#pair=123456",
      "https://ferry.example/#room=ABCDEFGH",
      "https://ferry.example/" + "x".repeat(120),
      "https://例子.测试/#pair=654321", // UTF-8 in byte mode
    ])
      expect(decode(encodeQr(text))).toBe(text);
  });

  test("refuses text beyond the largest code", () => {
    expect(() => encodeQr("x".repeat(3000))).toThrow();
  });
});
