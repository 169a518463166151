import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipName, zipOf } from "./zip";
import type { ReceivedFile } from "./types";

const received = (name: string, bytes: Uint8Array<ArrayBuffer>): ReceivedFile => {
  const blob = new Blob([bytes]);
  return { name, size: bytes.length, type: "", blob, url: "" };
};

test("a transfer's files and empty folders come out of unzip as they went in", async () => {
  const a = crypto.getRandomValues(new Uint8Array(70_000));
  const files = [received("Fotos été/2023/a.bin", a), received("Fotos été/notiz ✓.txt", new TextEncoder().encode("hi\n")), received("Fotos été/leer.txt", new Uint8Array(0))];
  const dir = mkdtempSync(join(tmpdir(), "ferry-zip-"));
  try {
    writeFileSync(join(dir, "t.zip"), new Uint8Array(await new Response(zipOf(files, ["Fotos été/leer"])).arrayBuffer()));
    const unzip = Bun.spawnSync(["unzip", "-q", join(dir, "t.zip"), "-d", join(dir, "out")]);
    expect(unzip.exitCode).toBe(0);
    expect(new Uint8Array(readFileSync(join(dir, "out/Fotos été/2023/a.bin")))).toEqual(a);
    expect(readFileSync(join(dir, "out/Fotos été/notiz ✓.txt"), "utf8")).toBe("hi\n");
    expect(statSync(join(dir, "out/Fotos été/leer.txt")).size).toBe(0);
    expect(statSync(join(dir, "out/Fotos été/leer")).isDirectory()).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a zip is named after the one folder sent, else after the first file", () => {
  expect(zipName([received("Photos/a.jpg", new Uint8Array()), received("Photos/b/c.jpg", new Uint8Array())])).toBe("Photos.zip");
  expect(zipName([received("slides.pdf", new Uint8Array()), received("notes.txt", new Uint8Array())])).toBe("Ferry slides.zip");
});
