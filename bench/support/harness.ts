// What both bench runs need: the real Ferry server, and "devices" that are separate Chromium processes
// (two contexts of one browser share one network stack, which no two real devices do).
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childrenOf } from "./proc-stats";
import { capturePeerConnections } from "./wire-stats";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
/** Flags that work as root in our sandbox; the background-networking ones stop a flood of refused connections. */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface FerryServer {
  url: string;
  stop: () => Promise<void>;
}

/** `bun src/main.ts --port 0 --no-turn`, as a user starts it; resolves once it prints the address to open. */
export async function startFerryServer(root: string): Promise<FerryServer> {
  const proc = spawn("bun", ["src/main.ts", "--port", "0", "--no-turn"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  let m: RegExpMatchArray | null;
  while (!(m = out.match(/open http:\/\/[^\s:]+:(\d+)/))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`Ferry did not start:\n${out}`);
    }
    await Bun.sleep(50);
  }
  return {
    // 127.0.0.1 is a secure context like localhost, so the receiver writes to OPFS as it would in production.
    url: `http://127.0.0.1:${m[1]}`,
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await Promise.race([exited, Bun.sleep(5000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

export interface Device {
  context: BrowserContext;
  page: Page;
  /** The Chromium main process, for CPU and memory figures (null where /proc is absent). */
  pid: number | null;
  profile: string;
}

/**
 * One browser process with one page at `url`, on a fresh on-disk profile as people have: a plain
 * `newContext()` is incognito, where Chromium keeps the origin-private file system in memory.
 */
export async function launchDevice(url: string, contextOptions: BrowserContextOptions = {}, extraArgs: string[] = []): Promise<Device> {
  // Playwright gives no pid for a launched browser: the new child of this process is it.
  const before = new Set(childrenOf(process.pid));
  const profile = mkdtempSync(join(tmpdir(), "ferry-bench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    acceptDownloads: true,
    ...contextOptions,
  });
  const fresh = childrenOf(process.pid).filter((p) => !before.has(p));
  await capturePeerConnections(context);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return { context, page, pid: fresh.length === 1 ? fresh[0]! : null, profile };
}

export async function closeDevices(devices: Device[]) {
  await Promise.all(devices.map((d) => d.context.close().catch((err) => console.error("could not close a browser:", err))));
  for (const d of devices) rmSync(d.profile, { recursive: true, force: true });
}
