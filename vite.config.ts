// Builds the browser UI from client/ into dist/public, which the Bun server serves.
// In development, Vite serves the UI and forwards the signaling socket and the API to the Bun server.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";

const api = `http://127.0.0.1:${process.env.FERRY_API_PORT ?? 8080}`;
const PUBLIC = "client/public";

/** Every file below a directory, as site paths ("/icons/icon-192.png"). */
function sitePaths(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sitePaths(full) : [`/${relative(PUBLIC, full).split("\\").join("/")}`];
  });
}

/**
 * The service worker (client/sw.ts) as /sw.js, an unhashed classic script, with the list of the build's files
 * written into it: the app shell it caches, and what makes each build's worker a new one.
 */
function serviceWorker(): Plugin {
  return {
    name: "ferry-service-worker",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: "client/sw.ts", fileName: "sw.js" });
    },
    generateBundle(_options, bundle) {
      const sw = bundle["sw.js"];
      if (!sw || sw.type !== "chunk") throw new Error("the service worker was not built");
      const shell = [...Object.keys(bundle).filter((f) => f !== "sw.js" && !f.endsWith(".map")), ...sitePaths(PUBLIC).map((p) => p.slice(1))]
        .filter((f) => f !== "index.html")
        .map((f) => `/${f}`)
        .sort();
      if (!sw.code.includes("__FERRY_SHELL__")) throw new Error("sw.ts lost its __FERRY_SHELL__ placeholder");
      sw.code = sw.code.replaceAll("__FERRY_SHELL__", JSON.stringify(shell));
    },
  };
}

export default defineConfig({
  root: "client",
  plugins: [solid(), serviceWorker()],
  build: {
    outDir: "../dist/public",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/ws": { target: api, ws: true },
      "/api": { target: api },
      "/healthz": { target: api },
    },
  },
});
