// Ferry's file transfer against a bare RTCDataChannel, side by side on this machine.
//
//   bun bench/transfer.ts [--mib 256] [--runs 1] [--reduced-motion] [--save-to page|chosen] [--ferry-only] [--pairdrop DIR] [--compare DIR]
//
// Each run sends N MiB from browser A to browser B once per contender, each time with two fresh Chromium processes:
//   ferry     through the real UI: choose the file on B's tile in A, Accept on B, until B shows Save
//             (every byte stored and verified by the app);
//   baseline  a bare negotiated DataChannel with Ferry's chunk size and back-pressure marks; B only counts bytes;
//   pairdrop  with --pairdrop DIR: a PairDrop checkout (1.11.2) started from DIR on loopback, through its UI;
//   compared  with --compare DIR: another Ferry checkout (built), its own server started from DIR, measured as
//             ferry is: a before/after figure from one interleaved run, where drift between runs cannot hide it.
// Absolute speeds on a small machine say little (see /work/shared/testing.md); the ratio is the figure.
// The order rotates from run to run so that drift in the machine's load affects all alike; the load average is
// printed around every run. At the end it measures how fast Chromium hashes with the engine's digest code.
// --save-to chosen has B receive into a folder it picks (File System Access; the picker call is stubbed to give a
// real folder in B's origin-private file system) instead of the page's own storage.
// --ferry-only skips the other contenders: for memory figures of large files, which need no side-by-side run.
// --reduced-motion emulates prefers-reduced-motion on the Ferry pages, to show what the UI's animations cost.
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { startFerryServer, type FerryServer } from "./support/harness";
import { measureHashing } from "./support/hash-rate";
import { pairDropRun, startPairDrop, type PairDropServer } from "./support/pairdrop";
import { baselineRun, ferryRun, type RunOptions, type RunResult } from "./support/runs";
import type { TreeUsage } from "./support/proc-stats";

const ROOT = join(import.meta.dir, "..");
/** Issue 10: Ferry at ≥ 95% of the bare channel's speed, at ≤ 1.05× its CPU per MB. */
const TIME_GOAL = 0.95;
const CPU_GOAL = 1.05;

interface Options {
  mib: number;
  runs: number;
  reducedMotion: boolean;
  saveTo: "page" | "chosen";
  ferryOnly: boolean;
  pairdrop: string | null;
  compare: string | null;
}

const USAGE = "usage: bun bench/transfer.ts [--mib N] [--runs K] [--reduced-motion] [--save-to page|chosen] [--ferry-only] [--pairdrop DIR] [--compare DIR]";

function parseOptions(argv: string[]): Options {
  const opts: Options = { mib: 256, runs: 1, reducedMotion: false, saveTo: "page", ferryOnly: false, pairdrop: null, compare: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if (flag === "--reduced-motion") opts.reducedMotion = true;
    else if (flag === "--ferry-only") opts.ferryOnly = true;
    else if (flag === "--save-to" && (value === "page" || value === "chosen")) {
      opts.saveTo = value;
      i++;
    }
    else if ((flag === "--pairdrop" || flag === "--compare") && value) {
      opts[flag === "--pairdrop" ? "pairdrop" : "compare"] = resolve(value);
      i++;
    } else if ((flag === "--mib" || flag === "--runs") && Number.isInteger(n) && n > 0) {
      opts[flag === "--mib" ? "mib" : "runs"] = n;
      i++;
    } else throw new Error(`${USAGE}   (bad argument: ${flag} ${value ?? ""})`);
  }
  return opts;
}

/** The bench measures the UI as built; it builds only when there is nothing to serve. */
async function ensureBuiltUi() {
  if (existsSync(join(ROOT, "dist/public/index.html"))) return;
  console.log("dist/public/index.html is missing: bun run build:ui");
  const build = Bun.spawn(["bun", "run", "build:ui"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if ((await build.exited) !== 0) throw new Error("bun run build:ui failed");
}

const loadAverage = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const mbPerSecond = (r: RunResult) => r.bytes / 1e6 / (r.ms / 1000);
const cpuSeconds = (u: TreeUsage) => [...u.cpu.values()].reduce((a, b) => a + b, 0);
/** CPU seconds both browsers spent per MB moved. */
const cpuPerMb = (r: RunResult) => (cpuSeconds(r.sender) + cpuSeconds(r.receiver)) / (r.bytes / 1e6);

/** The q-quantile (0 ≤ q ≤ 1) of xs, interpolated between the two nearest values. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);

/** A's UDP packets and wire bytes per MiB of payload: more than the bare channel's means retransmissions. */
function wirePerMiB(rs: RunResult[]): string {
  const per = (f: (r: RunResult) => number) => median(rs.map((r) => f(r) / (r.bytes / 2 ** 20)));
  return `${per((r) => r.wire.sender.packetsSent).toFixed(0)} packets, ${(per((r) => r.wire.sender.bytesSent) / 1e6).toFixed(3)} MB`;
}

/** "12.3 s cpu (renderer 9.1, network 2.0, ...), memory 310 → 420 MB": where a browser spent its effort. */
function usageText(u: TreeUsage): string {
  if (u.cpu.size === 0) return "no /proc figures";
  const total = [...u.cpu.values()].reduce((a, b) => a + b, 0);
  const parts = [...u.cpu].filter(([, s]) => s >= 0.05).sort((x, y) => y[1] - x[1]).map(([k, s]) => `${k} ${s.toFixed(1)}`);
  const mb = (b: number) => (b / 1e6).toFixed(0);
  const grew = [...u.pssGrowth].filter(([, b]) => b >= 10e6).sort((x, y) => y[1] - x[1]).map(([k, b]) => `${k} +${mb(b)}`);
  const together = `renderer + browser together +${(u.pageGrowth / 2 ** 20).toFixed(0)} MiB at most`;
  const memory = `memory (PSS) ${mb(u.startPssBytes)} MB at start, peak ${mb(u.peakPssBytes)} MB${grew.length ? ` (${grew.join(", ")})` : ""}; ${together}`;
  return `${total.toFixed(1)} s cpu (${parts.join(", ")}); ${memory}`;
}

/** "CrRendererMain 5.1, WebRTC_Network 2.2, DedicatedWorker thread 1.0": where a process kind's CPU went, by thread. */
function threadsOf(u: TreeUsage, kind: string): string {
  const parts = [...u.threads].filter(([k, s]) => k.startsWith(`${kind}/`) && s >= 0.1).sort((x, y) => y[1] - x[1]);
  return parts.map(([k, s]) => `${k.slice(kind.length + 1)} ${s.toFixed(1)}`).join(", ") || "none";
}

/** "A sent 190,211 packets (1,412 B each, 742 per MiB) in 1,025 messages; B sent 95,000": the work per byte on the wire. */
function wireText(r: RunResult): string {
  const { sender: a, receiver: b } = r.wire;
  const mib = r.bytes / 2 ** 20;
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const size = a.packetsSent ? ` (${n(a.bytesSent / a.packetsSent)} B each, ${n(a.packetsSent / mib)} per MiB)` : "";
  const drops = r.wire.drops === null ? "" : `; ${n(r.wire.drops)} UDP datagrams dropped at full receive buffers`;
  return `A sent ${n(a.packetsSent)} packets${size} in ${n(a.messagesSent)} messages; B sent ${n(b.packetsSent)} packets (${n(b.bytesSent / 1e3)} kB)${drops}`;
}

function report(run: number, r: RunResult, load: { start: string; end: string }) {
  const label = `run ${run} ${r.kind.padEnd(8)}`;
  const pad = " ".repeat(label.length);
  console.log(`${label} ${(r.bytes / 2 ** 20).toFixed(0)} MiB in ${(r.ms / 1000).toFixed(2)} s = ${mbPerSecond(r).toFixed(2)} MB/s, ${(cpuPerMb(r) * 1000).toFixed(1)} ms cpu/MB`);
  for (const note of r.notes) console.log(`${pad}   ${note}`);
  console.log(`${pad}   wire: ${wireText(r)}`);
  for (const [side, u] of [["sender A:  ", r.sender], ["receiver B:", r.receiver]] as const) {
    console.log(`${pad}   ${side} ${usageText(u)}`);
    console.log(`${pad}               renderer threads: ${threadsOf(u, "renderer")}`);
    if ((u.cpu.get("browser") ?? 0) >= 0.2) console.log(`${pad}               browser threads: ${threadsOf(u, "browser")}`);
  }
  console.log(`${pad}   load average ${load.start} at start, ${load.end} at end`);
}

/** ms of CPU per MB for each side and process kind ("A renderer", "B network", ...), median over runs. */
function cpuByKind(rs: RunResult[]): Map<string, number> {
  const keys = new Set(rs.flatMap((r) => [...[...r.sender.cpu.keys()].map((k) => `A ${k}`), ...[...r.receiver.cpu.keys()].map((k) => `B ${k}`)]));
  const out = new Map<string, number>();
  for (const key of keys) {
    const [side, kind] = [key[0], key.slice(2)];
    out.set(key, median(rs.map((r) => (((side === "A" ? r.sender : r.receiver).cpu.get(kind) ?? 0) * 1000) / (r.bytes / 1e6))));
  }
  return out;
}

function cpuTable(groups: [string, RunResult[]][]) {
  const tables = groups.map(([name, rs]) => [name, cpuByKind(rs)] as const);
  const keys = [...new Set(tables.flatMap(([, t]) => [...t.keys()]))]
    .filter((k) => tables.some(([, t]) => (t.get(k) ?? 0) >= 0.05))
    .sort((x, y) => (tables[0]![1].get(y) ?? 0) - (tables[0]![1].get(x) ?? 0));
  const cell = (s: string) => s.padStart(10);
  console.log(`CPU per MB (ms), median of runs, by side and process kind:`);
  console.log(`${"".padEnd(22)}${tables.map(([n]) => cell(n)).join("")}`);
  for (const k of keys) console.log(`${k.padEnd(22)}${tables.map(([, t]) => cell((t.get(k) ?? 0).toFixed(2))).join("")}`);
  console.log(`${"both browsers".padEnd(22)}${groups.map(([, rs]) => cell((median(rs.map(cpuPerMb)) * 1000).toFixed(2))).join("")}`);
}

function summarize(opts: Options, results: Map<RunResult["kind"], RunResult[]>, hashing: string[]) {
  const ferry = results.get("ferry")!;
  const baseline = results.get("baseline")!;
  const pairdrop = results.get("pairdrop") ?? [];
  const compared = results.get("compared") ?? [];
  const wall = (rs: RunResult[]) => rs.map((r) => (r.ms / 1000).toFixed(2)).join(", ");
  const which = opts.runs > 1 ? `median of ${opts.runs}` : "1 run";
  const motion = `${opts.reducedMotion ? ", Ferry pages with prefers-reduced-motion" : ""}${opts.saveTo === "chosen" ? ", B receiving into a chosen folder" : ""}`;
  console.log("");
  console.log(`N = ${opts.mib} MiB (${((opts.mib * 2 ** 20) / 1e6).toFixed(1)} MB), MB = 10^6 bytes, ${which}${motion}`);
  console.log(`Ferry     ${median(ferry.map(mbPerSecond)).toFixed(2)} MB/s   wall ${wall(ferry)} s   (accept → Save shown, every block's SHA-256 verified)`);
  console.log(`Baseline  ${median(baseline.map(mbPerSecond)).toFixed(2)} MB/s   wall ${wall(baseline)} s   (first send → last byte counted)`);
  if (pairdrop.length) console.log(`PairDrop  ${median(pairdrop.map(mbPerSecond)).toFixed(2)} MB/s   wall ${wall(pairdrop)} s   (accept → download offered)`);
  if (compared.length) console.log(`Compared  ${median(compared.map(mbPerSecond)).toFixed(2)} MB/s   wall ${wall(compared)} s   (Ferry from ${opts.compare}, measured as above)`);
  console.log("");
  const others: [string, RunResult[]][] = [["pairdrop", pairdrop], ["compared", compared]];
  const contenders: [string, RunResult[]][] = [["ferry", ferry], ["baseline", baseline], ...others.filter(([, rs]) => rs.length)];
  cpuTable(contenders);
  console.log("");
  // Runs of one round ran back to back, so their ratio is the fairest figure; the median of those ratios
  // is less swayed by a neighbour's burst of work than a ratio of medians.
  const timeRatios = (rs: RunResult[], against: RunResult[]) => rs.map((r, i) => mbPerSecond(r) / mbPerSecond(against[i]!));
  const cpuRatios = (rs: RunResult[], against: RunResult[]) => rs.map((r, i) => cpuPerMb(r) / cpuPerMb(against[i]!));
  const shareOf = (rs: RunResult[], against: RunResult[]) => ({ time: median(timeRatios(rs, against)), cpu: median(cpuRatios(rs, against)) });
  const { time: timeShare, cpu: cpuShare } = shareOf(ferry, baseline);
  // The middle half of the rounds: how far one round's ratio strays, i.e. how much a median of this many can be trusted.
  const spread = (xs: number[], f: (x: number) => string) => (xs.length >= 4 ? `, middle half of rounds ${f(quantile(xs, 0.25))} to ${f(quantile(xs, 0.75))}` : "");
  console.log(`Ferry's share of the bare channel, median of per-round ratios:`);
  const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
  console.log(`  on time: ${`${(timeShare * 100).toFixed(1)}% of its throughput`.padEnd(28)} goal ≥ ${TIME_GOAL * 100}%: ${verdict(timeShare >= TIME_GOAL)}${spread(timeRatios(ferry, baseline), (x) => `${(x * 100).toFixed(1)}%`)}`);
  console.log(`  on CPU:  ${`${cpuShare.toFixed(3)}× its CPU per MB`.padEnd(28)} goal ≤ ${CPU_GOAL}×: ${verdict(cpuShare <= CPU_GOAL)}${spread(cpuRatios(ferry, baseline), (x) => `${x.toFixed(3)}×`)}`);
  if (pairdrop.length) {
    const vs = shareOf(ferry, pairdrop);
    console.log(`  PairDrop: ${(shareOf(pairdrop, baseline).time * 100).toFixed(1)}% of the bare channel's throughput; Ferry ${vs.time.toFixed(2)}× PairDrop's speed at ${vs.cpu.toFixed(2)}× its CPU per MB`);
  }
  if (compared.length) {
    const share = shareOf(compared, baseline);
    console.log(`  compared build: ${(share.time * 100).toFixed(1)}% of the bare channel's throughput at ${share.cpu.toFixed(3)}× its CPU per MB`);
    const vs = shareOf(ferry, compared);
    console.log(`  this build against the compared one: ${vs.time.toFixed(3)}× its speed at ${vs.cpu.toFixed(3)}× its CPU per MB (median of per-round ratios${spread(cpuRatios(ferry, compared), (x) => `${x.toFixed(3)}×`)} on CPU)`);
  }
  // When other work shares the cores, wall time follows the scheduler's share more than our own cost; the
  // transfer is CPU-bound here, so the CPU ratio predicts the time ratio on an otherwise idle machine.
  console.log(`  (the transfer is CPU-bound here: if the two disagree, check the load averages above)`);
  console.log(`A sent per MiB of payload, median: ${contenders.map(([n, rs]) => `${n} ${wirePerMiB(rs)}`).join("; ")}`);
  for (const line of hashing) console.log(line);
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  // Generous: this machine moves 4–6 MB/s; allow for well under 1 MB/s before calling it stuck.
  const runOptions: RunOptions = { mib: opts.mib, timeoutMs: 60_000 + opts.mib * 2_000, reducedMotion: opts.reducedMotion, saveTo: opts.saveTo };
  await ensureBuiltUi();
  let server: FerryServer | null = null;
  let pairdrop: PairDropServer | null = null;
  let compared: FerryServer | null = null;
  const stopAll = () => Promise.all([server?.stop(), pairdrop?.stop(), compared?.stop()]);
  // A Ctrl-C must not leave the servers behind; the browsers die with this process's pipes.
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    console.log(`load average ${loadAverage()} at the start of the bench`);
    server = await startFerryServer(ROOT);
    if (opts.pairdrop) pairdrop = await startPairDrop(opts.pairdrop);
    if (opts.compare) {
      if (!existsSync(join(opts.compare, "dist/public/index.html"))) throw new Error(`--compare ${opts.compare}: expected a Ferry checkout with its UI built (bun install && bun run build:ui)`);
      compared = await startFerryServer(opts.compare);
    }
    console.log(`Ferry at ${server.url}${pairdrop ? `, PairDrop at ${pairdrop.url}` : ""}${compared ? `, compared Ferry at ${compared.url}` : ""}; sending ${opts.mib} MiB A → B, ${opts.runs} run(s), each with fresh browsers`);
    const contenders: (() => Promise<RunResult>)[] = [() => ferryRun(server!.url, runOptions)];
    if (!opts.ferryOnly) contenders.push(() => baselineRun(server!.url, runOptions));
    if (pairdrop) contenders.push(() => pairDropRun(pairdrop!.url, runOptions));
    if (compared) contenders.push(() => ferryRun(compared!.url, runOptions, "compared"));
    const results = new Map<RunResult["kind"], RunResult[]>();
    for (let run = 1; run <= opts.runs; run++) {
      // Rotate who goes first so that warm-up and drift do not favour one side.
      for (let k = 0; k < contenders.length; k++) {
        const start = loadAverage();
        const r = await contenders[(run - 1 + k) % contenders.length]!();
        results.set(r.kind, [...(results.get(r.kind) ?? []), r]);
        report(run, r, { start, end: loadAverage() });
      }
    }
    if (!opts.ferryOnly) summarize(opts, results, await measureHashing(ROOT));
    console.log(`load average ${loadAverage()} at the end of the bench`);
  } finally {
    await stopAll();
  }
}

try {
  await main();
} catch (err) {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
}
