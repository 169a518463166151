// How fast Chromium hashes with the engine's own digest code in a worker (block-digest.ts): native WebCrypto
// (secure contexts) and hash-wasm (plain-http LAN pages), with the CPU all of Chromium's processes spent.
import { join } from "node:path";
import { closeDevices, launchDevice } from "./harness";
import { snapshotTree } from "./proc-stats";

const MIB = 256;
const ROUNDS = 3;

async function bundle(root: string): Promise<string> {
  const built = await Bun.build({ entrypoints: [join(root, "bench/support/hash-rate.worker.ts")], target: "browser", minify: true });
  if (!built.success) throw new Error(`could not bundle the hashing worker: ${built.logs.join("\n")}`);
  return built.outputs[0]!.text();
}

/** Lines for the bench's summary, e.g. "hashing in a worker (native, 256 KiB blocks): 1,530 MiB/s, 0.65 ms CPU per MiB". */
export async function measureHashing(root: string): Promise<string[]> {
  const worker = await bundle(root);
  const page = `<!doctype html><script>
    const w = new Worker("/worker.js");
    window.hash = (kind, mib) => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage({ kind, mib }); });
  </script>`;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req) => (new URL(req.url).pathname === "/worker.js" ? new Response(worker, { headers: { "content-type": "text/javascript" } }) : new Response(page, { headers: { "content-type": "text/html" } })),
  });
  const device = await launchDevice(`http://127.0.0.1:${server.port}/`);
  try {
    const cpu = () => (device.pid === null ? 0 : [...snapshotTree(device.pid).cpu.values()].reduce((a, b) => a + b, 0));
    await device.page.waitForFunction(() => "hash" in window);
    const lines: string[] = [];
    for (const kind of ["native", "hash-wasm"] as const) {
      const rates: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const before = cpu();
        const r = await device.page.evaluate(([kind, mib]) => (window as unknown as { hash: (k: string, m: number) => Promise<{ ms: number }> }).hash(kind, mib), [kind, MIB] as const);
        cpus.push(((cpu() - before) * 1000) / MIB);
        rates.push(MIB / (r.ms / 1000));
      }
      const best = Math.max(...rates);
      const median = [...rates].sort((a, b) => a - b)[1]!;
      const cpuMedian = [...cpus].sort((a, b) => a - b)[1]!;
      lines.push(`hashing in a Chromium worker, ${kind === "native" ? "crypto.subtle (secure contexts)" : "hash-wasm (plain-http pages)"}: ${median.toFixed(0)} MiB/s (best ${best.toFixed(0)}), ${device.pid === null ? "no /proc figures" : `${cpuMedian.toFixed(2)} ms CPU per MiB`}, median of ${ROUNDS} × ${MIB} MiB`);
    }
    return lines;
  } finally {
    await closeDevices([device]);
    server.stop(true);
  }
}
