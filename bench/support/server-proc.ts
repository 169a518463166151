// Servers under benchmark as child processes: started, waited for, measured from /proc, stopped.
import { spawn, type Subprocess } from "bun";
import { readFileSync } from "node:fs";

export interface ServerProc {
  url: string;
  pid: number;
  proc: Subprocess;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawn `cmd`; resolves when its output matches `ready` (whose first group is the port). */
export async function startServer(cmd: string[], ready: RegExp, env: Record<string, string> = {}): Promise<ServerProc> {
  const proc = spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const reader = s.getReader();
    const dec = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += dec.decode(r.value, { stream: true });
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  const deadline = Date.now() + 30_000;
  let m: RegExpMatchArray | null;
  while (!(m = out.match(ready))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`${cmd.join(" ")} did not start:\n${out}`);
    }
    await Bun.sleep(25);
  }
  return {
    url: `ws://127.0.0.1:${m[1]}`,
    pid: proc.pid,
    proc,
    output: () => out,
    async stop() {
      proc.kill("SIGTERM");
      await Promise.race([proc.exited, Bun.sleep(5000)]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

/** A process's anonymous resident memory (its heaps and stacks, not the binary's file pages), in bytes. */
export function rssAnonBytes(pid: number | "self"): number {
  const m = /^RssAnon:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Preload for a server whose memory probe() reads. */
export const PROBE = `${import.meta.dir}/probe.ts`;

export interface Probe {
  rssAnon: number;
  heap: number;
}

/** A server started with `--preload PROBE` collects its garbage and reports its live memory. */
export async function probe(s: ServerProc): Promise<Probe> {
  const answers = () => [...s.output().matchAll(/probe \d+ rssAnon=(\d+) heap=(\d+)\n/g)];
  const before = answers().length;
  process.kill(s.pid, "SIGUSR2");
  const deadline = Date.now() + 30_000;
  for (let a = answers(); ; a = answers()) {
    const m = a[before];
    if (m) return { rssAnon: Number(m[1]), heap: Number(m[2]) };
    if (Date.now() > deadline) throw new Error(`no memory probe answer from ${s.pid}:\n${s.output()}`);
    await Bun.sleep(25);
  }
}

/** CPU seconds (user + system) a process has used. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

export const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** This process's soft limit on open files. */
export function openFilesLimit(): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  return !m ? NaN : m[1] === "unlimited" ? Infinity : Number(m[1]);
}
