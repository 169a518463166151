// A folder tree on disk for folder transfers: nested folders, an empty one, unicode names long enough that the
// offer needs several messages, many small files and one large one. Returns what must arrive.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join, relative } from "node:path";
import type { Tree } from "./chosen-folder";

export const TOP = "Fotos été 📷";

export function makeTree(root: string, opts: { small: number; largeBytes: number }): Tree {
  const tree: Tree = { files: {}, emptyDirs: [] };
  const top = TOP;
  const put = (rel: string, data: Buffer) => {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), data);
    tree.files[rel] = createHash("sha256").update(data).digest("hex");
  };
  // ~550 bytes a path: 500 of them are more JSON than one 256 KiB message holds.
  const folder = (i: number) => `${top}/Sommer ${i % 4} ☀️ ${"ä".repeat(80)}/Tag ${i % 7} ${"ß".repeat(50)}`;
  for (let i = 0; i < opts.small; i++) put(`${folder(i)}/Bild ${i} ${"ö".repeat(100)}.jpg`, randomBytes(200 + (i % 50) * 37));
  put(`${top}/notiz.txt`, Buffer.from("Grüße aus dem Urlaub ✓\n"));
  mkdirSync(join(root, top, "leer"), { recursive: true });
  tree.emptyDirs.push(`${top}/leer`);

  const large = `${top}/video.bin`;
  const hash = createHash("sha256");
  const fd = openSync(join(root, large), "w");
  const block = 8 * 1024 * 1024;
  for (let left = opts.largeBytes; left > 0; left -= block) {
    const chunk = randomBytes(Math.min(block, left));
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  tree.files[large] = hash.digest("hex");
  return tree;
}

/** The same shape as readTree, for a folder on this machine's disk. */
export function treeOnDisk(root: string): Tree {
  const tree: Tree = { files: {}, emptyDirs: [] };
  const walk = (dir: string) => {
    const names = readdirSync(dir);
    if (names.length === 0 && dir !== root) tree.emptyDirs.push(relative(root, dir));
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else tree.files[relative(root, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(root);
  return tree;
}
