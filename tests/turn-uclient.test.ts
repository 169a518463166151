// coturn's own TURN client (turnutils_uclient) and peer (turnutils_peer) against Ferry's embedded
// relay, side by side with coturn's turnserver on loopback; and Ferry's REST API credentials
// against a real `turnserver --use-auth-secret`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issueTurnCredentials } from "../turn/credentials";
import { startRelay, type Relay } from "../turn/server";
import { METHOD, TurnTestClient, encode, freeUdpPort } from "../turn/test-client";

const SECRET = "uclient-secret";
const have = (bin: string) => Bun.which(bin) !== null;
const ready = have("turnserver") && have("turnutils_uclient") && have("turnutils_peer");

/** Waits until a STUN Binding request on `port` is answered. */
async function answering(port: number) {
  const c = await TurnTestClient.open(port);
  try {
    for (let i = 0; i < 20; i++) {
      const ok = await c.exchange(encode(METHOD.binding, 0, [])).then(() => true, () => false);
      if (ok) return;
    }
    throw new Error(`nothing answers STUN on UDP ${port}`);
  } finally {
    await c.close();
  }
}

interface Run {
  ok: boolean;
  lostPercent: number | null;
  output: string;
}

async function uclient(serverPort: number, peerPort: number, extra: string[]): Promise<Run> {
  const proc = Bun.spawn(["turnutils_uclient", "-c", "-e", "127.0.0.1", "-r", String(peerPort), "-p", String(serverPort), "-n", "200", "-m", "10", "-l", "500", "-z", "5", ...extra, "127.0.0.1"], { stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill(), 20_000);
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  const output = out + err;
  const lost = /Total lost packets \d+ \(([\d.]+)%\)/.exec(output);
  return { ok: code === 0 && lost !== null, lostPercent: lost ? Number(lost[1]) : null, output };
}

describe.skipIf(!ready)("TURN relay with coturn's tools", () => {
  const procs: Bun.Subprocess[] = [];
  let dir = "";
  let relay: Relay;
  let coturnPort = 0;
  let peerPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ferry-uclient-"));
    peerPort = await freeUdpPort();
    procs.push(Bun.spawn(["turnutils_peer", "-L", "127.0.0.1", "-p", String(peerPort)], { stdout: "ignore", stderr: "ignore" }));
    relay = await startRelay({
      listenHost: "127.0.0.1", port: 0, relayPortMin: 56000, relayPortMax: 56199, externalIp: null, realm: "ferry", secret: SECRET,
      allocationLifetime: 600, maxAllocationsPerClient: 50, allowLoopbackPeers: true, log: () => {},
    });
    coturnPort = await freeUdpPort();
    procs.push(Bun.spawn([
      "turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", `--listening-port=${coturnPort}`, "--min-port=56200", "--max-port=56399",
      "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp", "--use-auth-secret", `--static-auth-secret=${SECRET}`, "--realm=ferry",
      `--log-file=${dir}/log`, `--pidfile=${dir}/pid`, `--db=${dir}/db`,
    ], { stdout: "ignore", stderr: "ignore" }));
    await Promise.all([answering(relay.port), answering(coturnPort)]);
  });

  afterAll(async () => {
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exited));
    await relay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [mode, flags] of [["channels", []], ["Send indications", ["-s"]]] as const) {
    test(`relays with ${mode} losing no more than coturn`, async () => {
      const ours = await uclient(relay.port, peerPort, ["-W", SECRET, ...flags]);
      const theirs = await uclient(coturnPort, peerPort, ["-W", SECRET, ...flags]);
      console.log(`uclient ${mode}: Ferry relay lost ${ours.lostPercent}%, coturn lost ${theirs.lostPercent}%`);
      expect(theirs.ok).toBe(true);
      expect(ours.ok, ours.output.slice(-2000)).toBe(true);
      // One point of slack: loss on a loaded 2-core machine comes from the kernel's buffers too.
      expect(ours.lostPercent!).toBeLessThanOrEqual(theirs.lostPercent! + 1);
    }, 60_000);
  }

  test("an expired credential is refused, by our relay as by coturn", async () => {
    const expired = issueTurnCredentials(SECRET, "peer-1", -60);
    for (const port of [relay.port, coturnPort]) {
      const run = await uclient(port, peerPort, ["-u", expired.username, "-w", expired.credential, "-n", "5", "-m", "1"]);
      expect(run.ok).toBe(false);
    }
  }, 30_000);

  test("issued credentials authenticate against a real turnserver --use-auth-secret", async () => {
    const c = issueTurnCredentials(SECRET, "peer-1", 600);
    const run = await uclient(coturnPort, peerPort, ["-u", c.username, "-w", c.credential, "-n", "20", "-m", "1"]);
    expect(run.ok, run.output.slice(-2000)).toBe(true);
    expect(run.lostPercent).toBe(0);
  }, 30_000);
});
