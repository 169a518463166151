// Relays for several Ferry processes sharing one Redis, the two deployments README describes:
// - every process runs its embedded relay, all with one TURN_SECRET, and tells its devices about the others'
//   relays too (--turn-extra-urls): a device's credential works on every relay, and devices served by
//   different processes relay to each other through both relays;
// - every process hands out one external coturn (--turn-url) with the secret coturn has (use-auth-secret).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { startRedis, type RedisServer } from "./support/redis-server";
import { TestClient } from "./support/ws-client";
import { TurnTestClient, errorCode, freeRelayPort } from "../turn/test-client";
import type { IceServer } from "../src/protocol";

const SECRET = "shared-by-every-process";
let redis: RedisServer;
const procs: FerryProcess[] = [];
const clients: TestClient[] = [];
const turns: TurnTestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([...turns.map((t) => t.close()), ...procs.map((p) => p.stop())]);
  await redis.stop();
});

const ferry = async (args: string[]) => {
  const p = await startFerry(["--host", "127.0.0.1", "--trust-proxy", "127.0.0.1", "--redis-url", redis.url, "--turn-secret", SECRET, ...args]);
  procs.push(p);
  return p;
};
const online = async (server: FerryProcess, net: string) => {
  const c = await TestClient.device(server.url.replace("http", "ws") + "/ws", { "x-forwarded-for": net });
  clients.push(c);
  return c;
};
/** A raw TURN client on `port` with the credential a welcome carried for `url`. */
const turnClient = async (servers: IceServer[], url: string, port: number) => {
  const s = servers.find((x) => x.urls.includes(url))!;
  const t = await TurnTestClient.open(port, s.username!, s.credential!);
  turns.push(t);
  return t;
};

describe("relays of several processes", () => {
  test("each process's embedded relay: devices are told about both relays, credentials work on each, and they relay across", async () => {
    const [portA, portB] = [await freeRelayPort(), await freeRelayPort()];
    const urlOf = (port: number) => `turn:127.0.0.1:${port}?transport=udp`;
    // Processes on one host share the relay port range: each relay then accepts the other's relayed ports as peers.
    const range = ["--turn-min-port", "50400", "--turn-max-port", "50499"];
    const a = await ferry(["--turn-port", String(portA), ...range, "--turn-extra-urls", urlOf(portB)]);
    const b = await ferry(["--turn-port", String(portB), ...range, "--turn-extra-urls", urlOf(portA)]);
    const x = await online(a, "203.0.113.50");
    const y = await online(b, "203.0.113.50");
    const urls = (c: TestClient & { welcome: { iceServers: IceServer[] } }) => c.welcome.iceServers.flatMap((s) => s.urls);
    expect(urls(x)).toEqual(expect.arrayContaining([urlOf(portA), urlOf(portB)]));
    expect(urls(y)).toEqual(expect.arrayContaining([urlOf(portB), urlOf(portA)]));

    // x's credential, from process A, on relay B too.
    const xOnB = await turnClient(x.welcome.iceServers, urlOf(portB), portB);
    expect(errorCode((await xOnB.allocate()).res)).toBeNull();

    // x through relay A, y through relay B: each peer is the other's relayed address on the other relay.
    const xa = await turnClient(x.welcome.iceServers, urlOf(portA), portA);
    const yb = await turnClient(y.welcome.iceServers, urlOf(portB), portB);
    const [ra, rb] = [(await xa.allocate()).relayed!, (await yb.allocate()).relayed!];
    expect(errorCode(await xa.channelBind(0x4000, rb.ip, rb.port))).toBeNull();
    expect(errorCode(await yb.channelBind(0x4000, ra.ip, ra.port))).toBeNull();
    xa.sendChannelData(0x4000, Buffer.from("A to B"));
    yb.sendChannelData(0x4000, Buffer.from("B to A"));
    for (const [t, text] of [[yb, "A to B"], [xa, "B to A"]] as const) {
      for (let i = 0; i < 100 && t.received.length === 0; i++) await Bun.sleep(20);
      expect(t.received[0]?.data.toString()).toBe(text);
    }
  });

  test("--turn-url with the secret coturn has: both processes hand out coturn, which accepts both processes' credentials", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ferry-coturn-"));
    const port = await freeRelayPort();
    const coturn = Bun.spawn([
      "turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", `--listening-port=${port}`, "--min-port=50500", "--max-port=50599",
      "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp", "--use-auth-secret", `--static-auth-secret=${SECRET}`, "--realm=ferry",
      `--log-file=${dir}/log`, `--pidfile=${dir}/pid`, `--db=${dir}/db`,
    ], { stdout: "ignore", stderr: "ignore" });
    try {
      const url = `turn:127.0.0.1:${port}`;
      const [a, b] = [await ferry(["--turn-url", url]), await ferry(["--turn-url", url])];
      const x = await online(a, "203.0.113.60");
      const y = await online(b, "203.0.113.61");
      for (const c of [x, y]) {
        expect(c.welcome.iceServers.map((s) => s.urls)).toEqual([[url]]);
        let t: TurnTestClient | null = null;
        // coturn takes a moment to listen.
        for (let i = 0; i < 20 && !t; i++) {
          const candidate = await turnClient(c.welcome.iceServers, url, port);
          const r = await candidate.allocate().catch(() => null);
          if (r && errorCode(r.res) === null && r.relayed) t = candidate;
          else await Bun.sleep(250);
        }
        expect(t).not.toBeNull();
      }
    } finally {
      coturn.kill();
      await coturn.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
