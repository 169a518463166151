// An optional third contender: PairDrop (schlagmichdoch/PairDrop, 1.11.2) from a checkout outside this
// repository, started from that directory on loopback with no ICE servers, driven through its own UI the
// way Ferry is: choose the file on B's tile in A, accept on B, until B offers the download.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { chooseFileInPage, measured, withDevices, type RunOptions, type RunResult } from "./runs";

const MiB = 1024 * 1024;

export interface PairDropServer {
  url: string;
  stop: () => Promise<void>;
}

/** A free TCP port on loopback (closed again before PairDrop binds it; the gap is harmless here). */
function freeTcpPort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** `node server/index.js --localhost-only` in `dir`, with an RTC config that names no STUN or TURN server. */
export async function startPairDrop(dir: string): Promise<PairDropServer> {
  if (!existsSync(join(dir, "server/index.js")) || !existsSync(join(dir, "node_modules")))
    throw new Error(`--pairdrop ${dir}: expected a PairDrop checkout with its dependencies installed (server/index.js, node_modules)`);
  const tmp = mkdtempSync(join(tmpdir(), "ferry-bench-pairdrop-"));
  const rtcConfig = join(tmp, "rtc.json");
  writeFileSync(rtcConfig, JSON.stringify({ sdpSemantics: "unified-plan", iceServers: [] }));
  const port = freeTcpPort();
  const proc = spawn("node", ["server/index.js", "--localhost-only"], { cwd: dir, env: { ...process.env, PORT: String(port), RTC_CONFIG: rtcConfig }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    await Promise.race([exited, Bun.sleep(5000)]);
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
  };
  // It prints nothing when ready: ask until it answers.
  for (const deadline = Date.now() + 30_000; ; await Bun.sleep(100)) {
    const up = await fetch(url).then((r) => r.ok, () => false);
    if (up) return { url, stop };
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`PairDrop did not start:\n${out}`);
    }
  }
}

/** The display name PairDrop's server gave this page (random per visit); it shows as the name field's placeholder. */
async function displayName(page: Page): Promise<string> {
  const name = await page.waitForFunction(
    () => {
      const el = document.querySelector("#display-name") as HTMLElement | null;
      const name = el?.getAttribute("placeholder");
      return name && name !== el!.dataset.placeholder ? name : null;
    },
    null,
    { timeout: 90_000 },
  );
  return (await name.jsonValue()) as string;
}

/** Click accept on B's request dialog, then poll until the "files received" dialog shows (the Blob is built). */
function acceptAndWait(b: Page, timeoutMs: number): Promise<{ acceptedAt: number; doneAt: number }> {
  return b.evaluate((timeoutMs: number) => {
    return new Promise((resolve, reject) => {
      const accept = document.querySelector("#accept-request") as HTMLButtonElement | null;
      if (!accept) return reject(new Error("no accept button on B"));
      const acceptedAt = Date.now();
      accept.click();
      const timer = setInterval(() => {
        const now = Date.now();
        if (document.querySelector("#receive-file-dialog[show]")) {
          clearInterval(timer);
          resolve({ acceptedAt, doneAt: now });
        } else if (now - acceptedAt > timeoutMs) {
          clearInterval(timer);
          reject(new Error(`PairDrop: B showed no download within ${timeoutMs / 1000} s`));
        }
      }, 25);
    });
  }, timeoutMs);
}

export async function pairDropRun(url: string, opts: RunOptions): Promise<RunResult> {
  return withDevices(url, async (a, b) => {
    const nameB = await displayName(b.page);
    await displayName(a.page);
    const prepStart = Date.now();
    await chooseFileInPage(a.page.locator("x-peer", { has: a.page.locator(".name", { hasText: nameB }) }).locator("input[type=file]"), opts.mib);
    await b.page.locator("#receive-request-dialog[show] #accept-request:not([disabled])").waitFor({ timeout: 60_000 });
    const prepMs = Date.now() - prepStart;
    const { value: t, sender, receiver, wire } = await measured(a, b, () => acceptAndWait(b.page, opts.timeoutMs));
    const notes = [`file built + request shown in ${(prepMs / 1000).toFixed(1)} s (not timed); no hash check, file kept in memory`];
    return { kind: "pairdrop", bytes: opts.mib * MiB, ms: t.doneAt - t.acceptedAt, notes, sender, receiver, wire };
  });
}
