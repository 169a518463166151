// Start the real Ferry server the way users do (`bun src/main.ts`, or a compiled executable) on a free port.
import { spawn, type Subprocess } from "bun";
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");

export interface FerryProcess {
  port: number;
  url: string;
  proc: Subprocess<"ignore", "pipe", "pipe">;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number>;
}

/** Spawn Ferry with `args`; resolves once it prints its address. Port 0 picks a free port. */
export async function startFerry(args: string[] = [], opts: { env?: Record<string, string>; command?: string[]; cwd?: string } = {}): Promise<FerryProcess> {
  const command = opts.command ?? ["bun", join(ROOT, "src/main.ts")];
  const withPort = args.some((a) => a.startsWith("--port")) ? args : ["--port", "0", ...args];
  const proc = spawn([...command, ...withPort], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += decoder.decode(r.value, { stream: true });
  };
  void pump(proc.stdout);
  void pump(proc.stderr);
  const deadline = Date.now() + 20_000;
  let m: RegExpMatchArray | null = null;
  while (!(m = out.match(/open (https?):\/\/[^\s:]+:(\d+)/))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`Ferry did not start (exit ${proc.exitCode}):\n${out}`);
    }
    await Bun.sleep(25);
  }
  const port = Number(m[2]);
  return {
    port,
    url: `${m[1]}://127.0.0.1:${port}`,
    proc,
    output: () => out,
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null) proc.kill(signal);
      return await proc.exited;
    },
  };
}
