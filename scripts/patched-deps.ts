// Checks that every patch in package.json "patchedDependencies" is applied in node_modules before we
// bundle it: `bun build --compile` embeds whatever sits on disk, and an unpatched node-turn would ship
// the relay defects the patch fixes (see patches/). A patch counts as applied when every line it adds
// is present in the file it targets.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Files a unified diff touches, each with the lines it adds (context and removals ignored). */
export function addedLinesByFile(patch: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of patch.split("\n")) {
    if (line.startsWith("+++ ")) {
      const target = line.slice(4).replace(/^b\//, "").trim();
      current = target === "/dev/null" ? null : [];
      if (current) files.set(target, current);
    } else if (current && line.startsWith("+")) {
      const added = line.slice(1).trim();
      if (added) current.push(added);
    }
  }
  return files;
}

/** Names of package files whose patch is not applied; empty when all are. */
export function unappliedPatches(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { patchedDependencies?: Record<string, string> };
  const missing: string[] = [];
  for (const [spec, patchPath] of Object.entries(pkg.patchedDependencies ?? {})) {
    const name = spec.slice(0, spec.lastIndexOf("@"));
    const patch = readFileSync(join(root, patchPath), "utf8");
    for (const [file, added] of addedLinesByFile(patch)) {
      const onDisk = readFileSync(join(root, "node_modules", name, file), "utf8");
      const lines = new Set(onDisk.split("\n").map((l) => l.trim()));
      if (added.some((l) => !lines.has(l))) missing.push(`${name}/${file}`);
    }
  }
  return missing;
}
