// Signaling at scale: N clients in rooms of 4 against Ferry and against a bare Bun WebSocket server
// doing the same room broadcast (bench/support/bare-ws-server.ts), side by side in one run.
//
//   bun bench/signaling.ts [--clients 10000] [--room 4] [--churn 2000] [--runs 1] [--redis]
//
// Per server it prints: memory per connection (the servers' anonymous resident memory and JS heap with the
// clients connected, less before they came, over N, each read inside the server after its own full GC by
// bench/support/probe.ts), join → peer-joined latency while the clients ramp up and while they churn at a
// steady rate with every client also sending a signal every 10 s, and the server's CPU time. Ferry's
// clients speak its real protocol: each answers the challenge with a hello signed by its own Ed25519
// device key (tests/support/test-device.ts), so a join includes the proof. --redis adds two Ferry
// processes sharing one Debian redis-server (started here on a free loopback port): the members of a
// room alternate between the processes, and joins seen across processes are reported apart. The
// clients run in this process on the same two cores, so latencies include their own event loop: read
// them side by side, not as absolutes. No figure is asserted; see README.
import { spawnSync } from "bun";
import { join } from "node:path";
import { TestDevice } from "../tests/support/test-device";
import { startRedis } from "../tests/support/redis-server";
import { Fleet, summary, type BenchClient, type Dialect } from "./support/fleet";
import { cpuSeconds, loadAverage, openFilesLimit, PROBE, probe, rssAnonBytes, startServer, type Probe, type ServerProc } from "./support/server-proc";

interface Options {
  clients: number;
  room: number;
  churn: number;
  runs: number;
  redis: boolean;
}

const USAGE = "usage: bun bench/signaling.ts [--clients N] [--room K] [--churn J] [--runs R] [--redis]";

function parseOptions(argv: string[]): Options {
  const opts: Options = { clients: 10_000, room: 4, churn: 2000, runs: 1, redis: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, "");
    if (key === "redis") {
      opts.redis = true;
      continue;
    }
    const n = Number(argv[++i]);
    if (key !== "clients" && key !== "room" && key !== "churn" && key !== "runs") throw new Error(`${USAGE} (unknown: ${argv[i - 1]})`);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${USAGE} (--${key} needs a positive whole number)`);
    opts[key] = n;
  }
  return opts;
}

export interface Target {
  label: string;
  dialect: Dialect;
  /** The servers the clients connect to, and helpers whose memory is reported apart (Redis). */
  start(opts: Options): Promise<{ servers: ServerProc[]; helpers: { pid: number; stop(): Promise<void> }[] }>;
}

const bare: Dialect = { url: (base, name) => `${base}/?name=${name}` };

export const BARE: Target = {
  label: "bare Bun WebSocket",
  dialect: bare,
  start: async () => ({ servers: [await startServer(["bun", "--preload", PROBE, `${import.meta.dir}/support/bare-ws-server.ts`], /listening on (\d+)/)], helpers: [] }),
};

/** Ferry's dialect: /ws, and the challenge answered with a signed hello naming the client. */
const ferry: Dialect = {
  url: (base) => `${base}/ws`,
  handshake(ws, msg, name) {
    if (msg.type !== "challenge") return false;
    ws.send(JSON.stringify(devices.take().hello(String(msg.challenge), { name })));
    return true;
  },
};

/** Device keys made before the clock starts: a key is made once per profile, a hello signed at every connect. */
const devices = {
  pool: [] as TestDevice[],
  fill(n: number) {
    while (this.pool.length < n) this.pool.push(new TestDevice());
  },
  take(): TestDevice {
    return this.pool.pop() ?? new TestDevice();
  },
};

const MAIN = join(import.meta.dir, "..", "src", "main.ts");

/** Ferry as a user runs it, trusting the bench's X-Forwarded-For so that rooms of 4 exist, with room for N connections. */
const ferryServer = (opts: Options, extra: string[] = []) =>
  startServer(
    ["bun", "--preload", PROBE, MAIN, "--port", "0", "--host", "127.0.0.1", "--no-turn", "--trust-proxy", "127.0.0.1", "--max-connections", String(opts.clients + 1000), "--log-level", "warn", ...extra],
    /open https?:\/\/[^\s:]+:(\d+)/,
  );

export const FERRY: Target = {
  label: "Ferry",
  dialect: ferry,
  start: async (opts) => ({ servers: [await ferryServer(opts)], helpers: [] }),
};

export const FERRY_REDIS: Target = {
  label: "Ferry ×2 + Redis",
  dialect: ferry,
  async start(opts) {
    const redis = await startRedis();
    const servers = await Promise.all([0, 1].map(() => ferryServer(opts, ["--redis-url", redis.url])));
    return { servers, helpers: [{ pid: redis.proc.pid!, stop: redis.stop }] };
  },
};

const CHURN_PER_SECOND = 100;
/** What a signal carries, as a browser sends it: one ICE candidate. */
const CANDIDATE = { link: "testLink0001", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host generation 0", sdpMid: "0", sdpMLineIndex: 0 } };
const SIGNAL_EVERY_MS = 10_000;
const RAMP_CONCURRENCY = 64;

export interface Result {
  label: string;
  clients: number;
  /** Anonymous resident memory per connection, over all the servers. */
  bytesPerConnection: number;
  heapBytesPerConnection: number;
  /** Helpers' memory (Redis) per connection, apart from the servers'. */
  helperBytesPerConnection: number;
  ramp: ReturnType<typeof summary>;
  churn: ReturnType<typeof summary>;
  churnCross: ReturnType<typeof summary>;
  serverCpuSeconds: number;
  signals: number;
}

/** Deliveries still under way (peer-joined to the last rooms) are done by then. */
const QUIET_MS = 1000;

/** Every server's live memory, summed. */
async function probeAll(servers: ServerProc[]): Promise<Probe> {
  const all = await Promise.all(servers.map(probe));
  return { rssAnon: all.reduce((s, p) => s + p.rssAnon, 0), heap: all.reduce((s, p) => s + p.heap, 0) };
}

export async function measure(target: Target, opts: Options): Promise<Result> {
  if (target.dialect.handshake) devices.fill(opts.clients + opts.churn);
  const { servers, helpers } = await target.start(opts);
  const children = [...servers, ...helpers];
  running.add(children);
  const fleet = new Fleet(target.dialect, servers.map((s) => s.url));
  const helperRss = () => helpers.reduce((sum, s) => sum + rssAnonBytes(s.pid), 0);
  const cpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.pid), 0);
  try {
    await Bun.sleep(QUIET_MS);
    const idle = await probeAll(servers);
    const helperIdle = helperRss();
    const roomCount = Math.ceil(opts.clients / opts.room);
    const members: BenchClient[][] = Array.from({ length: roomCount }, () => []);
    // Each room fills one member after the other, so every join has members there to see it.
    let nextRoom = 0;
    const worker = async () => {
      for (let r = nextRoom++; r < roomCount; r = nextRoom++)
        for (let k = 0; k < opts.room && r * opts.room + k < opts.clients; k++) members[r]!.push(await fleet.join(r, k % servers.length));
    };
    await Promise.all(Array.from({ length: RAMP_CONCURRENCY }, worker));
    const ramp = fleet.takeSamples();
    await Bun.sleep(QUIET_MS);
    const loaded = await probeAll(servers);
    const helperLoaded = helperRss();

    // Steady state: every client signals a room member every 10 s while members leave and come back.
    const all = () => members.flat();
    let cursor = 0;
    const tick = 100;
    const signaller = setInterval(() => {
      const list = all();
      const count = Math.ceil((list.length * tick) / SIGNAL_EVERY_MS);
      for (let i = 0; i < count; i++) {
        const c = list[cursor++ % list.length]!;
        const to = [...c.peers][0];
        if (to && !c.closed) c.ws.send(JSON.stringify({ type: "signal", to, data: CANDIDATE }));
      }
    }, tick);
    const cpuBefore = cpu();
    for (let i = 0; i < opts.churn; i++) {
      const started = performance.now();
      const r = Math.floor(Math.random() * roomCount);
      const room = members[r]!;
      const leaving = room.shift()!;
      fleet.leave(leaving);
      room.push(await fleet.join(r, leaving.server));
      const wait = 1000 / CHURN_PER_SECOND - (performance.now() - started);
      if (wait > 0) await Bun.sleep(wait);
    }
    await Bun.sleep(500);
    clearInterval(signaller);
    const churned = fleet.takeSamples();
    const serverCpuSeconds = cpu() - cpuBefore;
    for (const c of all()) c.close();
    return {
      label: target.label,
      clients: opts.clients,
      bytesPerConnection: (loaded.rssAnon - idle.rssAnon) / opts.clients,
      heapBytesPerConnection: (loaded.heap - idle.heap) / opts.clients,
      helperBytesPerConnection: (helperLoaded - helperIdle) / opts.clients,
      ramp: summary(ramp.map((s) => s.ms)),
      churn: summary(churned.map((s) => s.ms)),
      churnCross: summary(churned.filter((s) => s.crossProcess).map((s) => s.ms)),
      serverCpuSeconds,
      signals: fleet.signals,
    };
  } finally {
    await Promise.all(children.map((s) => s.stop()));
    running.delete(children);
  }
}

/** The servers of the measurement under way, stopped too when the bench is interrupted. */
const running = new Set<{ stop(): Promise<void> }[]>();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, async () => {
    await Promise.all([...running].flat().map((s) => s.stop()));
    process.exit(130);
  });

const f = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(1));
const kib = (bytes: number) => (bytes / 1024).toFixed(2);

export function report(results: Result[], baseline: string) {
  const base = results.filter((r) => r.label === baseline);
  const baseBytes = base.reduce((s, r) => s + r.bytesPerConnection, 0) / Math.max(1, base.length);
  console.log("\nserver                      clients  KiB/conn  ×bare  heap KiB/conn  Redis KiB/conn  ramp p50/p99 ms  churn p50/p99/max ms  cross-process p99  server CPU s (churn)");
  for (const r of results) {
    const line = [
      r.label.padEnd(27),
      String(r.clients).padStart(7),
      kib(r.bytesPerConnection).padStart(9),
      (r.bytesPerConnection / baseBytes).toFixed(2).padStart(6),
      kib(r.heapBytesPerConnection).padStart(14),
      (r.helperBytesPerConnection ? kib(r.helperBytesPerConnection) : "-").padStart(15),
      `${f(r.ramp.p50)}/${f(r.ramp.p99)}`.padStart(16),
      `${f(r.churn.p50)}/${f(r.churn.p99)}/${f(r.churn.max)}`.padStart(21),
      f(r.churnCross.p99).padStart(18),
      f(r.serverCpuSeconds).padStart(21),
    ];
    console.log(line.join(" "));
  }
}

const DESCRIPTOR_MARGIN = 2048;

/** Each client holds a socket here and one in a server: make sure the descriptors are there (as root, raise the limit). */
function enoughDescriptors(clients: number) {
  const need = clients + DESCRIPTOR_MARGIN;
  if (openFilesLimit() >= need) return;
  spawnSync(["prlimit", "--pid", String(process.pid), `--nofile=${need}:${need}`]);
  if (openFilesLimit() < need) throw new Error(`${clients} clients need ${need} open files; this process may open ${openFilesLimit()} (raise ulimit -n)`);
}

export async function run(argv: string[]) {
  const opts = parseOptions(argv);
  enoughDescriptors(opts.clients);
  const targets = opts.redis ? [BARE, FERRY, FERRY_REDIS] : [BARE, FERRY];
  console.log(`signaling bench: ${opts.clients} clients in rooms of ${opts.room}, ${opts.churn} churned joins at ${CHURN_PER_SECOND}/s, ${opts.runs} run(s); load average ${loadAverage()}`);
  const results: Result[] = [];
  for (let i = 0; i < opts.runs; i++)
    for (const t of targets) {
      const r = await measure(t, opts);
      const helper = r.helperBytesPerConnection ? ` (+${kib(r.helperBytesPerConnection)} in Redis)` : "";
      console.log(`  ${r.label}: ${kib(r.bytesPerConnection)} KiB/connection (heap ${kib(r.heapBytesPerConnection)})${helper}, ${r.ramp.n} ramp and ${r.churn.n} churn samples, churn p99 ${f(r.churn.p99)} ms (load average ${loadAverage()})`);
      results.push(r);
    }
  report(results, BARE.label);
  console.log(`load average at the end ${loadAverage()}`);
}

if (import.meta.main) await run(process.argv.slice(2));
