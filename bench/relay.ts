// Ferry's embedded TURN relay against coturn's turnserver, side by side on this machine.
//
//   bun bench/relay.ts [--mib 96] [--runs 2] [--transport udp|tcp]
//
// --transport tcp: both browsers reach the relay over TCP (turn:…?transport=tcp, RFC 8656 §3.1); the
// relayed side stays UDP.
// Each run moves N MiB over one RTCDataChannel between two Chromium processes forced through a
// relay (iceTransportPolicy "relay"), once through Ferry's relay and once through coturn, with
// fresh browsers each time. Both relays listen on 127.0.0.1 and allow loopback peers (the dev
// flag), as the two browsers' relayed addresses are on loopback. Both run as their own process so
// that their CPU time can be read from /proc and compared too. Runs alternate so that drift in the
// machine's load affects both alike; the figure is the ratio (see /work/shared/testing.md).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { issueTurnCredentials } from "../turn/credentials";
import { freeUdpPort } from "../turn/test-client";
import { cpuSeconds, loadAverage } from "./support/server-proc";

const GOAL = 0.9;
const SECRET = "bench-secret";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function parseOptions(argv: string[]) {
  const opts = { mib: 96, runs: 2, transport: "udp" as "udp" | "tcp" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if ((flag === "--mib" || flag === "--runs") && Number.isInteger(n) && n > 0) opts[flag === "--mib" ? "mib" : "runs"] = n;
    else if (flag === "--transport" && (value === "udp" || value === "tcp")) opts.transport = value;
    else throw new Error(`usage: bun bench/relay.ts [--mib N] [--runs K] [--transport udp|tcp]   (bad argument: ${flag})`);
  }
  return opts;
}

// The page: one RTCPeerConnection forced through TURN, and the two ends of a transfer.
const PAGE = `<!doctype html><script>
let pc, channel, received = 0;
const CHUNK = 64 * 1024, HIGH = 4 * 1024 * 1024, LOW = 1024 * 1024;
function gathered() {
  return new Promise((r) => pc.iceGatheringState === "complete" ? r() : pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && r()));
}
window.offer = async (iceServers) => {
  pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: "relay" });
  channel = pc.createDataChannel("bench", { ordered: true });
  channel.binaryType = "arraybuffer";
  await pc.setLocalDescription(await pc.createOffer());
  await gathered();
  return pc.localDescription.toJSON();
};
window.answer = async (iceServers, offer) => {
  pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: "relay" });
  window.incoming = new Promise((r) => pc.addEventListener("datachannel", (e) => r(e.channel)));
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered();
  return pc.localDescription.toJSON();
};
window.accept = (answer) => pc.setRemoteDescription(answer);
window.opened = () => new Promise((r) => channel.readyState === "open" ? r() : channel.addEventListener("open", r));
window.receive = async (total) => {
  const ch = await window.incoming;
  ch.binaryType = "arraybuffer";
  return new Promise((r) => ch.addEventListener("message", (e) => { received += e.data.byteLength; if (received >= total) r(Date.now()); }));
};
window.send = async (total) => {
  const chunk = new Uint8Array(CHUNK).map((_, i) => i * 7);
  channel.bufferedAmountLowThreshold = LOW;
  const start = Date.now();
  for (let sent = 0; sent < total; sent += CHUNK) {
    if (channel.bufferedAmount > HIGH) await new Promise((r) => channel.addEventListener("bufferedamountlow", r, { once: true }));
    channel.send(chunk);
  }
  return start;
};
window.relayed = async () => {
  for (let i = 0; i < 50; i++) {
    const stats = await pc.getStats();
    for (const t of stats.values())
      if (t.type === "transport" && t.selectedCandidatePairId) return stats.get(stats.get(t.selectedCandidatePairId).localCandidateId).candidateType;
    await new Promise((r) => setTimeout(r, 100));
  }
  return "none";
};
</script>`;

async function transfer(url: string, turnPort: number, bytes: number, transport: "udp" | "tcp"): Promise<number> {
  const browsers: Browser[] = [];
  try {
    const pages: Page[] = [];
    for (const name of ["a", "b"]) {
      const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
      browsers.push(browser);
      const page = await browser.newPage();
      await page.goto(`${url}?${name}`);
      pages.push(page);
    }
    const [a, b] = pages as [Page, Page];
    const ice = (peer: string) => {
      const c = issueTurnCredentials(SECRET, peer, 600);
      return [{ urls: [`turn:127.0.0.1:${turnPort}?transport=${transport}`], username: c.username, credential: c.credential }];
    };
    const offer = await a.evaluate((s) => (window as any).offer(s), ice("a"));
    const answer = await b.evaluate(([s, o]) => (window as any).answer(s, o), [ice("b"), offer] as const);
    await a.evaluate((x) => (window as any).accept(x), answer);
    await a.evaluate(() => (window as any).opened());
    const kind = await a.evaluate(() => (window as any).relayed());
    if (kind !== "relay") throw new Error(`the connection is not relayed (local candidate: ${kind})`);
    const done = b.evaluate((n) => (window as any).receive(n), bytes);
    const start = await a.evaluate((n) => (window as any).send(n), bytes);
    const end = await done;
    return bytes / 1e6 / ((end - start) / 1000);
  } finally {
    await Promise.all(browsers.map((br) => br.close()));
  }
}

async function startCoturn(dir: string, port: number) {
  const proc = Bun.spawn([
    "turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", `--listening-port=${port}`, "--min-port=57200", "--max-port=57299",
    "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--use-auth-secret", `--static-auth-secret=${SECRET}`, "--realm=ferry",
    `--log-file=${dir}/log`, `--pidfile=${dir}/pid`, `--db=${dir}/db`,
  ], { stdout: "ignore", stderr: "ignore" });
  await Bun.sleep(1000);
  if (proc.exitCode !== null) throw new Error(`turnserver exited with ${proc.exitCode}; see ${dir}/log`);
  return proc;
}

/** Ferry's relay in a Bun process of its own, as `bun src/main.ts` would run it. */
async function startFerryRelay(port: number) {
  const code = `import { startRelay } from ${JSON.stringify(join(import.meta.dir, "../turn/server.ts"))};
await startRelay({ listenHost: "127.0.0.1", port: ${port}, relayPortMin: 57100, relayPortMax: 57199, externalIp: null, realm: "ferry",
  secret: ${JSON.stringify(SECRET)}, allocationLifetime: 600, maxAllocationsPerClient: 10, maxAllocationsPerCredential: 10, allowLoopbackPeers: true, allowPrivatePeers: false,
  log: (level, msg) => (level === "error" || level === "warn") && console.error(level, msg) });
console.log("ready");`;
  const proc = Bun.spawn(["bun", "-e", code], { stdout: "pipe", stderr: "inherit" });
  const first = await proc.stdout.getReader().read();
  if (!new TextDecoder().decode(first.value).includes("ready")) throw new Error("Ferry relay did not start");
  return proc;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)]!;

async function main() {
  const { mib, runs, transport } = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "ferry-bench-relay-"));
  const web = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(PAGE, { headers: { "content-type": "text/html" } }) });
  const relays = { ferry: { port: await freeUdpPort(), proc: null as Bun.Subprocess | null }, coturn: { port: await freeUdpPort(), proc: null as Bun.Subprocess | null } };
  const figures = { ferry: [] as number[], coturn: [] as number[] };
  const cpu = { ferry: [] as number[], coturn: [] as number[] };
  try {
    relays.ferry.proc = await startFerryRelay(relays.ferry.port);
    relays.coturn.proc = await startCoturn(dir, relays.coturn.port);
    console.log(`relayed DataChannel transfer of ${mib} MiB between two Chromium processes reaching the relay over ${transport.toUpperCase()}, ${runs} run(s) each; load average ${loadAverage()}`);
    for (let run = 1; run <= runs; run++) {
      const order = run % 2 ? (["ferry", "coturn"] as const) : (["coturn", "ferry"] as const);
      for (const which of order) {
        const { port, proc } = relays[which];
        const before = cpuSeconds(proc!.pid);
        const speed = await transfer(url(web), port, mib * 1024 * 1024, transport);
        const used = cpuSeconds(proc!.pid) - before;
        figures[which].push(speed);
        cpu[which].push(used);
        console.log(`  run ${run} ${which.padEnd(6)} ${speed.toFixed(2)} MB/s, relay CPU ${used.toFixed(2)} s (${((used * 1000) / mib).toFixed(1)} ms/MiB)`);
      }
    }
  } finally {
    for (const { proc } of Object.values(relays)) {
      proc?.kill();
      await proc?.exited;
    }
    web.stop(true);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average at the end ${loadAverage()}`);
  const [ours, theirs] = [median(figures.ferry), median(figures.coturn)];
  const ratio = ours / theirs;
  console.log(`relay CPU per MiB (medians): Ferry ${((median(cpu.ferry) * 1000) / mib).toFixed(1)} ms, coturn ${((median(cpu.coturn) * 1000) / mib).toFixed(1)} ms`);
  console.log(`Ferry relay ${ours.toFixed(2)} MB/s, coturn ${theirs.toFixed(2)} MB/s (medians): ratio ${(ratio * 100).toFixed(0)}% (goal ≥ ${GOAL * 100}%)`);
  process.exitCode = ratio >= GOAL ? 0 : 1;
}

const url = (web: { port: number | undefined }) => `http://127.0.0.1:${web.port}/`;

await main();
