// Start-up time of a Ferry executable: from spawn until /healthz answers, over several runs.
// Usage: bun scripts/measure-startup.ts [path to executable, default dist/ferry] [runs, default 15] [extra flags…]
// The figures in the README come from this script.
import { join } from "node:path";

const [exe = join(import.meta.dir, "../dist/ferry"), runsArg = "15", ...extra] = process.argv.slice(2);
const runs = Number(runsArg);

async function once(): Promise<number> {
  const started = performance.now();
  const proc = Bun.spawn([exe, "--port", "0", ...extra], { stdout: "pipe", stderr: "inherit", env: { ...process.env, HOME: "/tmp" } });
  let out = "";
  const decoder = new TextDecoder();
  const reader = proc.stdout.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    out += decoder.decode(r.value);
    const m = out.match(/open (https?):\/\/[^\s:]+:(\d+)/);
    if (!m) continue;
    // Ready means answering HTTP, not merely having printed its address.
    const res = await fetch(`${m[1]}://127.0.0.1:${m[2]}/healthz`, { tls: { rejectUnauthorized: false } } as RequestInit);
    if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
    const ms = performance.now() - started;
    proc.kill("SIGTERM");
    await proc.exited;
    return ms;
  }
  throw new Error(`exited before it was ready:\n${out}`);
}

const times: number[] = [];
await once(); // warm the page cache: the first run reads 100 MB from disk
for (let i = 0; i < runs; i++) times.push(await once());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(`${exe} ${extra.join(" ")}: ready in median ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}) over ${runs} runs`);
