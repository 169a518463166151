// Open a crafted peer (crafted-peer.entry.ts) in a blank page of Ferry's origin.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Page } from "@playwright/test";
import { ROOT } from "./fixtures";

const bundles = new Map<string, string>();

/** A module bundled for the browser once per run, with Bun, as the repository builds everything. */
function bundled(entry: string): string {
  const done = bundles.get(entry);
  if (done) return done;
  const dir = mkdtempSync(join(tmpdir(), "ferry-crafted-"));
  try {
    execFileSync("bun", ["build", join(ROOT, entry), "--target=browser", "--outdir", dir], { stdio: "pipe" });
    const code = readFileSync(join(dir, basename(entry).replace(/\.ts$/, ".js")), "utf8");
    bundles.set(entry, code);
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CraftedPeer {
  /** Offer files under raw, untrusted names and declared types (text/plain unless given); resolves with the receiver's answer ("received", "declined", or a fault). */
  offer(to: string, id: string, files: { name: string; text: string; type?: string }[], dirs?: string[]): Promise<string>;
  /** Send `texts`, then `offers` one-file offers, at once; resolves with how many of each the receiver refused and whether it closed the link. */
  /** Ask the server for this name, raw. */
  rename(name: string): Promise<void>;
  flood(to: string, texts: string[], offers: number, waitMs?: number): Promise<{ texts: number; offers: number; closed: boolean }>;
}

export async function openCraftedPeer(page: Page, ferryUrl: string): Promise<CraftedPeer> {
  // Served as a same-origin script, as Ferry's CSP allows (an inline one it refuses).
  const script = `${ferryUrl}/crafted-peer-${process.pid}.js`;
  await page.route(script, (route) => route.fulfill({ body: bundled("tests/e2e/crafted-peer.entry.ts"), contentType: "text/javascript" }));
  // The sender's file reader is a worker the bundle asks for beside itself, as the app's build places it.
  await page.route(`${ferryUrl}/source.worker.ts`, (route) => route.fulfill({ body: bundled("client/engine/source.worker.ts"), contentType: "text/javascript" }));
  await page.goto(`${ferryUrl}/healthz`);
  await page.addScriptTag({ url: script, type: "module" });
  await page.waitForFunction(() => "crafted" in window);
  return {
    offer: (to, id, files, dirs = []) =>
      page.evaluate(({ to, id, files, dirs }) => (window as unknown as { crafted: CraftedPeer }).crafted.offer(to, id, files, dirs), { to, id, files, dirs }),
    rename: (name) => page.evaluate((name) => (window as unknown as { crafted: CraftedPeer }).crafted.rename(name), name),
    flood: (to, texts, offers, waitMs = 30_000) =>
      page.evaluate(({ to, texts, offers, waitMs }) => (window as unknown as { crafted: CraftedPeer }).crafted.flood(to, texts, offers, waitMs), { to, texts, offers, waitMs }),
  };
}
