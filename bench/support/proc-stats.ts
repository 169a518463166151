// CPU time and memory of one Chromium process tree, read from /proc (Linux only; elsewhere the figures are absent).
// Cheap enough to sample during a transfer: a few small reads per process every half second.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux we run on

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null; // the process exited between listing and reading: it simply no longer counts
  }
}

/** Fields of /proc/PID/stat after the command name, which may itself contain spaces and parentheses. */
function statFields(pid: number): string[] | null {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : null;
}

function parentOf(pid: number): number | null {
  const f = statFields(pid);
  return f ? Number(f[1]) : null;
}

/** Direct children of `pid` (there is no cheaper portable way than scanning /proc). */
export function childrenOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e) && parentOf(Number(e)) === pid).map(Number);
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    const ppid = parentOf(Number(e));
    if (ppid !== null) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(e)]);
  }
  const out: number[] = [];
  for (const queue = [root]; queue.length; ) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return out;
}

/** "browser", "renderer", "gpu-process", "network", "storage", ...: what a Chromium process does, from its flags. */
function kindOf(pid: number): string {
  // Chromium rewrites its argv into one space-separated title, so split on both separators.
  const args = (read(`/proc/${pid}/cmdline`) ?? "").split(/[\0 ]/);
  const type = args.find((a) => a.startsWith("--type="))?.slice(7);
  if (!type) return "browser";
  const sub = args.find((a) => a.startsWith("--utility-sub-type="))?.slice(19);
  return type === "utility" && sub ? sub.replace(/\.mojom\..*$/, "") : type;
}

/**
 * Proportional set size: each shared page counts as a share per process that maps it. Summing RSS over
 * Chromium's eight or so processes would count the shared binary and libraries eight times.
 */
function pssBytes(pid: number): number | null {
  const m = read(`/proc/${pid}/smaps_rollup`)?.match(/^Pss:\s+(\d+) kB/m);
  return m ? Number(m[1]) * 1024 : null;
}

/** CPU seconds of each thread of `pid`, by thread id, with its name (Chromium names its threads: CrRendererMain, DedicatedWorker thread, …). */
function threadsOf(pid: number): Map<number, { name: string; cpu: number }> {
  const out = new Map<number, { name: string; cpu: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // the process exited meanwhile
  }
  for (const tid of tids) {
    const stat = read(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(tid), { name, cpu: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS_PER_SECOND });
  }
  return out;
}

export interface TreeSnapshot {
  /** CPU seconds (user + system) per process kind. */
  cpu: Map<string, number>;
  /** CPU seconds of every thread, by thread id: "kind/thread name" and seconds. */
  threads: Map<number, { key: string; cpu: number }>;
  /** Memory per process kind, and in all. */
  pss: Map<string, number>;
  pssBytes: number;
}

export function snapshotTree(root: number): TreeSnapshot {
  const cpu = new Map<string, number>();
  const pss = new Map<string, number>();
  const threads = new Map<number, { key: string; cpu: number }>();
  for (const pid of descendantsOf(root)) {
    const f = statFields(pid);
    if (!f) continue;
    const kind = kindOf(pid);
    for (const [tid, t] of threadsOf(pid)) threads.set(tid, { key: `${kind}/${t.name}`, cpu: t.cpu });
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
    cpu.set(kind, (cpu.get(kind) ?? 0) + (Number(f[11]) + Number(f[12])) / CLOCK_TICKS_PER_SECOND);
    pss.set(kind, (pss.get(kind) ?? 0) + (pssBytes(pid) ?? 0));
  }
  return { cpu, pss, threads, pssBytes: [...pss.values()].reduce((a, b) => a + b, 0) };
}

export interface TreeUsage {
  cpu: Map<string, number>;
  /**
   * CPU seconds by "kind/thread name" (threads of one name summed). A thread that ended while watching
   * counts up to its last sample: a worker's thread goes when the worker is terminated.
   */
  threads: Map<string, number>;
  /** Memory of the whole tree when watching began, and the highest seen while sampling. */
  startPssBytes: number;
  peakPssBytes: number;
  /** Per process kind: the most its memory rose above the start while sampling. */
  pssGrowth: Map<string, number>;
  /** The most renderer and browser processes together rose above their start, at one sample (issue 11's bound). */
  pageGrowth: number;
}

/** Watch a process tree from now until stop(): CPU seconds spent in between and the peak memory. */
export function watchTree(root: number | null, everyMs = 500): { stop: () => TreeUsage } {
  if (root === null) return { stop: () => ({ cpu: new Map(), threads: new Map(), startPssBytes: 0, peakPssBytes: 0, pssGrowth: new Map(), pageGrowth: 0 }) };
  const start = snapshotTree(root);
  let peak = start.pssBytes;
  const growth = new Map<string, number>();
  const page = (snap: TreeSnapshot) => (snap.pss.get("renderer") ?? 0) + (snap.pss.get("browser") ?? 0);
  let pageGrowth = 0;
  const lastSeen = new Map(start.threads);
  const sample = (snap: TreeSnapshot) => {
    for (const [tid, t] of snap.threads) lastSeen.set(tid, t);
    peak = Math.max(peak, snap.pssBytes);
    pageGrowth = Math.max(pageGrowth, page(snap) - page(start));
    for (const [kind, bytes] of snap.pss) growth.set(kind, Math.max(growth.get(kind) ?? 0, bytes - (start.pss.get(kind) ?? 0)));
    return snap;
  };
  const timer = setInterval(() => sample(snapshotTree(root)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = sample(snapshotTree(root));
      const cpu = new Map<string, number>();
      // A process that exited in between takes its ticks with it; never report negative time.
      for (const [kind, seconds] of end.cpu) cpu.set(kind, Math.max(0, seconds - (start.cpu.get(kind) ?? 0)));
      const threads = new Map<string, number>();
      for (const [tid, t] of lastSeen) threads.set(t.key, (threads.get(t.key) ?? 0) + t.cpu - (start.threads.get(tid)?.cpu ?? 0));
      return { cpu, threads, startPssBytes: start.pssBytes, peakPssBytes: peak, pssGrowth: growth, pageGrowth };
    },
  };
}
