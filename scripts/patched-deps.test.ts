import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addedLinesByFile, unappliedPatches } from "./patched-deps";

const PATCH = `diff --git a/lib/x.js b/lib/x.js
--- a/lib/x.js
+++ b/lib/x.js
@@ -1,2 +1,2 @@
 const a = 1;
-const b = server.defaultLifetime;
+const b = 600;
`;

function project(xJs: string): string {
  const root = mkdtempSync(join(tmpdir(), "ferry-patch-"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ patchedDependencies: { "@scope/dep@1.0.0": "patches/dep.patch" } }));
  mkdirSync(join(root, "patches"));
  writeFileSync(join(root, "patches/dep.patch"), PATCH);
  mkdirSync(join(root, "node_modules/@scope/dep/lib"), { recursive: true });
  writeFileSync(join(root, "node_modules/@scope/dep/lib/x.js"), xJs);
  return root;
}

describe("patched dependencies", () => {
  test("a patch's added lines are read per file", () => {
    expect([...addedLinesByFile(PATCH)]).toEqual([["lib/x.js", ["const b = 600;"]]]);
  });

  test("a package still as published is reported, a patched one is not", () => {
    expect(unappliedPatches(project("const a = 1;\nconst b = server.defaultLifetime;\n"))).toEqual(["@scope/dep/lib/x.js"]);
    expect(unappliedPatches(project("const a = 1;\nconst b = 600;\n"))).toEqual([]);
  });
});
