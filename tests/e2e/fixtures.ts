// Playwright fixtures: the real Ferry server started as users start it, and "devices": separate Chromium
// processes (two contexts of one browser would share a network stack, which is not what users have).
import { test as base, chromium, expect, type Browser, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Ferry {
  url: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function startFerry(args: string[], opts: { command?: string[]; env?: Record<string, string>; cwd?: string } = {}): Promise<Ferry> {
  const [cmd, ...cmdArgs] = opts.command ?? ["bun", join(ROOT, "src/main.ts")];
  const proc = spawn(cmd!, [...cmdArgs, "--port", "0", ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  let m: RegExpMatchArray | null = null;
  while (!(m = out.match(/open (https?):\/\/[^\s:]+:(\d+)/))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`Ferry did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(m[2]);
  return {
    url: `${m[1]}://127.0.0.1:${port}`,
    port,
    proc,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export interface DeviceOptions {
  args?: string[];
  /** Open this address instead of the server's own (e.g. another name for it). */
  url?: string;
  executablePath?: string;
  ignoreHTTPSErrors?: boolean;
  /** The browser's language (navigator.languages, Accept-Language), e.g. "zh-CN". */
  locale?: string;
  /** Headers on every request, the signaling handshake included (e.g. X-Forwarded-For behind --trust-proxy). */
  headers?: Record<string, string>;
  /** Runs before the page first opens Ferry, e.g. to watch or rewrite its signaling with routeWebSocket. */
  prepare?: (page: Page) => Promise<void>;
}

export async function launchDevice(url: string, opts: DeviceOptions = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: opts.executablePath ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined),
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
  });
  const context = await browser.newContext({ acceptDownloads: true, ignoreHTTPSErrors: opts.ignoreHTTPSErrors, locale: opts.locale, extraHTTPHeaders: opts.headers });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.log(`[page error] ${err.message}`));
  // The engine's own warnings (a refused proof, a failed signaling step) say why a test's link went wrong.
  page.on("console", (m) => {
    if ((m.type() === "warning" || m.type() === "error") && m.text().startsWith("ferry:")) console.log(`[page ${m.type()}] ${m.text()}`);
  });
  await opts.prepare?.(page);
  await page.goto(url);
  await expect(page.getByTestId("self-name")).not.toBeEmpty();
  return { browser, page };
}

export const test = base.extend<{ ferry: Ferry; devices: (n: number, opts?: DeviceOptions) => Promise<Page[]> }>({
  ferry: async ({}, use) => {
    const ferry = await startFerry(["--no-turn"]);
    await use(ferry);
    await ferry.stop();
  },
  devices: async ({ ferry }, use) => {
    const browsers: Browser[] = [];
    await use(async (n, opts) => {
      const pages: Page[] = [];
      for (let i = 0; i < n; i++) {
        const d = await launchDevice(opts?.url ?? ferry.url, opts);
        browsers.push(d.browser);
        pages.push(d.page);
      }
      return pages;
    });
    await Promise.all(browsers.map((b) => b.close()));
  },
});

export { expect };
