// The built UI: from Bun.embeddedFiles inside the compiled executable, else from dist/public on disk.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export type Assets = Map<string, Blob>;

function fromDirectory(dir: string): Assets {
  const assets: Assets = new Map();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else assets.set("/" + relative(dir, full).split("\\").join("/"), Bun.file(full));
    }
  };
  walk(dir);
  return assets;
}

/** Embedded files are named like "public/index.html"; served as "/index.html". */
function fromEmbedded(): Assets {
  const assets: Assets = new Map();
  for (const blob of Bun.embeddedFiles) {
    const name = (blob as Blob & { name: string }).name;
    const at = name.indexOf("public/");
    if (at !== -1) assets.set("/" + name.slice(at + "public/".length), blob);
  }
  return assets;
}

export function loadAssets(dir: string): Assets {
  const embedded = fromEmbedded();
  if (embedded.size > 0) return embedded;
  try {
    return fromDirectory(dir);
  } catch (err) {
    throw new Error(`the UI is not built (${dir}: ${(err as Error).message}); run "bun run build:ui" first`);
  }
}
