// Compiles the server and the built UI (dist/public, from `vite build`) into one executable.
// Usage: bun scripts/compile.ts [--outfile PATH] [--allow-unpatched]   (default dist/ferry)
// --allow-unpatched: while editing a dependency with `bun patch`, node_modules differs from the committed
// patch on purpose; compile anyway, with a warning. Builds that ship never pass it.
//
// The UI is embedded with `--asset dist/public`: each file is stored as-is and shows up in
// Bun.embeddedFiles as "public/…", which src/static-assets.ts serves. (Passing the UI's JS as extra
// entrypoints would bundle it again instead of embedding the bytes Vite produced.)
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { unappliedPatches } from "./patched-deps";

const ROOT = join(import.meta.dir, "..");

function outfileFromArgs(argv: string[]): string {
  const i = argv.indexOf("--outfile");
  if (i !== -1 && argv[i + 1]) return resolve(argv[i + 1]!);
  const eq = argv.find((a) => a.startsWith("--outfile="));
  return eq ? resolve(eq.slice("--outfile=".length)) : join(ROOT, "dist/ferry");
}

function fail(msg: string): never {
  console.error(`compile: ${msg}`);
  process.exit(1);
}

const outfile = outfileFromArgs(process.argv.slice(2));
if (!existsSync(join(ROOT, "dist/public/index.html"))) fail('dist/public/index.html is missing; run "bun run build:ui" first');
const unpatched = unappliedPatches(ROOT);
if (unpatched.length > 0) {
  const what = `patched dependencies differ from their patches in node_modules (${unpatched.join(", ")})`;
  if (!process.argv.includes("--allow-unpatched")) fail(`${what}; run "bun install"`);
  console.warn(`compile: warning: ${what}; compiling them as they are (--allow-unpatched)`);
}

const started = performance.now();
const build = Bun.spawnSync(
  [
    process.execPath,
    "build",
    "--compile",
    "src/main.ts",
    "--asset",
    "dist/public",
    "--outfile",
    outfile,
    "--minify-syntax",
    "--minify-whitespace",
    "--sourcemap",
    // The executable's behaviour comes from its flags and environment only, not from files that happen
    // to sit in the directory it is started from.
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
  ],
  { cwd: ROOT, stdout: "inherit", stderr: "inherit" },
);
if (build.exitCode !== 0) fail(`bun build --compile exited with ${build.exitCode}`);
const mib = (statSync(outfile).size / 1024 / 1024).toFixed(1);
console.log(`compile: ${outfile} (${mib} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
