// `bun run dev`: the Vite dev server (hot reload for the UI) and the Bun server (restarted on change by
// `bun --watch`) in one terminal. Vite forwards /ws, /api and /healthz to the server (vite.config.ts).
// Ctrl-C, or either process ending, stops both.
//
// Usage: bun run dev [server flags, e.g. --no-turn --log-level info]
// Ports: FERRY_API_PORT for the Bun server (default 8080), FERRY_DEV_PORT for Vite (default 5173).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

const ROOT = join(import.meta.dir, "..");
const apiPort = process.env.FERRY_API_PORT ?? "8080";
const devPort = process.env.FERRY_DEV_PORT ?? "5173";
const bun = process.execPath;

// The server refuses to start without a built UI; in development Vite serves the UI, but one build
// lets the server start, and its own port keeps serving a (possibly older) production build.
if (!existsSync(join(ROOT, "dist/public/index.html"))) {
  const build = Bun.spawnSync([bun, "x", "vite", "build"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);
}

const env = { ...process.env, FERRY_API_PORT: apiPort };
const children: Subprocess[] = [
  Bun.spawn([bun, "--watch", "src/main.ts", "--port", apiPort, ...process.argv.slice(2)], { cwd: ROOT, env, stdio: ["inherit", "inherit", "inherit"] }),
  Bun.spawn([bun, "x", "vite", "--port", devPort, "--strictPort"], { cwd: ROOT, env, stdio: ["inherit", "inherit", "inherit"] }),
];
console.log(`dev: open http://localhost:${devPort} (Vite, hot reload); the server listens on ${apiPort}`);

let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  // A child that ignores SIGTERM for 5 s is killed outright, so the terminal is never left hanging.
  const forced = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")), 5000);
  await Promise.all(children.map((c) => c.exited));
  clearTimeout(forced);
  process.exit(code);
}

process.on("SIGINT", () => void stopAll(130));
process.on("SIGTERM", () => void stopAll(143));
const first = await Promise.race(children.map((c) => c.exited));
await stopAll(first ?? 1);
