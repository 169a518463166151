// Devices that never read while others flood them with signals must not pin server memory or starve
// anyone: the server closes them once their unsent messages pass --max-send-buffer, and keeps serving.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { rawDevice } from "./support/raw-device";

const TARGETS = 20;
const FLOODERS = 20;
/** kB of a /proc/PID/status field: VmRSS now, VmHWM the peak so far. */
const memory = (pid: number, field: "VmRSS" | "VmHWM") => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const MiB = (n: number) => (n / 1024 / 1024).toFixed(1);

let ferry: FerryProcess;
let wsUrl: string;
beforeAll(async () => {
  // All 40 connections come from 127.0.0.1: raise the per-address cap above them.
  ferry = await startFerry(["--no-turn", "--max-connections-per-address", "100"]);
  wsUrl = ferry.url.replace("http", "ws") + "/ws";
});
afterAll(() => ferry.stop());

/** A raw WebSocket client that completes the handshake, proves a device key and then never reads a byte. */
const neverReads = async () => (await rawDevice(ferry.port, {}, { stopReading: true })).sock;

describe("slow consumers", () => {
  test(`${TARGETS} sockets that never read while flooded are closed; server memory stays bounded and a fresh client is welcomed at once`, async () => {
    // The observer only reads: it sees the targets come and go.
    const observer = await TestClient.device(wsUrl);
    const flooders: TestClient[] = [];
    for (let i = 0; i < FLOODERS; i++) {
      flooders.push(await TestClient.device(wsUrl));
    }
    const rssBefore = memory(ferry.proc.pid, "VmRSS");
    const sockets = await Promise.all(Array.from({ length: TARGETS }, neverReads));
    const joined = () => observer.messages.filter((m) => m.type === "peer-joined").map((m) => (m as { peer: { id: string } }).peer.id);
    for (const until = Date.now() + 5000; joined().length < FLOODERS + TARGETS && Date.now() < until; ) await Bun.sleep(10);
    const targets = joined().slice(FLOODERS);
    expect(targets).toHaveLength(TARGETS);

    // Each flooder sends ~60 KB offers round-robin to the targets within the message rate (burst 200, then 50/s);
    // what the server has not caught up with past 256 KiB per connection is refused unread. Still megabytes per
    // target per second, far past --max-send-buffer's 1 MiB once the kernel buffers (~4 MiB) fill.
    // Serialised once per target, so the test's own work stays small beside the server's.
    const offers = new Map(targets.map((to) => [to, JSON.stringify({ type: "signal", to, data: { link: "testLink0001", kind: "description", description: { type: "offer", sdp: "v=0 " + "x".repeat(60_000) } } })]));
    const offer = (to: string) => offers.get(to)!;
    // Fresh devices join every 100 ms while the flood runs, each timed to its welcome in a process of its own
    // (the flooders here must not share its event loop).
    const probe = Bun.spawn(["bun", join(import.meta.dir, "support/welcome-probe.ts"), wsUrl, "15", "100"], { stdout: "pipe" });
    const probeLines = probe.stdout.pipeThrough(new TextDecoderStream()).getReader();
    expect((await probeLines.read()).value).toStartWith("ready");
    const left = () => new Set(observer.messages.filter((m) => m.type === "peer-left").map((m) => (m as { id: string }).id));
    const closedTargets = () => targets.filter((t) => left().has(t)).length;
    let sent = 0;
    const deadline = Date.now() + 20_000;
    for (let round = 0; closedTargets() < TARGETS && Date.now() < deadline; round++) {
      // Signals to a closed target would be refused, and a flooder refused too often is closed itself;
      // a flooder also waits while its own socket is backed up, so what it sends is current.
      const gone = left();
      const open = targets.filter((t) => !gone.has(t));
      const burst = round === 0 ? 190 : 12;
      for (const f of flooders) if (!f.closed && f.ws.bufferedAmount < 1_000_000) for (let i = 0; i < burst; i++) f.send(offer(open[sent++ % open.length]!));
      await Bun.sleep(250);
    }
    let probed = "";
    for (let r = await probeLines.read(); !r.done; r = await probeLines.read()) probed += r.value;
    const welcomes: number[] = JSON.parse(probed);
    console.log(`welcomes of fresh devices during the flood (ms): ${welcomes.join(" ")}`);
    const peak = memory(ferry.proc.pid, "VmHWM") - rssBefore;
    console.log(`sent ${sent} offers (${MiB(sent * 60_000)} MiB); ${closedTargets()} of ${TARGETS} silent sockets closed; server RSS growth at peak ${MiB(peak)} MiB`);
    expect(closedTargets()).toBe(TARGETS);
    expect(peak).toBeLessThan(150 * 1024 * 1024);

    // While flooded, connections take turns, so a newcomer waits for one message of each, not for the flood.
    // Before turns the welcomes at the flood's height took 550–1700 ms; with them most take under 10 ms, and
    // the odd one up to ~200 ms is this 2-core machine shared with the flood's own sender (and other work).
    const sorted = [...welcomes].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length * 0.8)]!).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(300);
    const start = Date.now();
    const fresh = await TestClient.device(wsUrl);
    const welcomeMs = Date.now() - start;
    console.log(`a fresh client got its welcome after ${welcomeMs} ms`);
    expect(welcomeMs).toBeLessThan(100);
    fresh.close();
    for (const f of [observer, ...flooders]) f.close();
    for (const s of sockets) s.end();
  }, 40_000);
});

describe("messages waiting for their turn", () => {
  test("a frame that would make more than --max-pending-bytes wait is refused unread, and nothing of it is delivered", async () => {
    const small = await startFerry(["--no-turn", "--max-pending-bytes", "4096"]);
    const url = small.url.replace("http", "ws") + "/ws";
    try {
      const a = await TestClient.device(url);
      const b = await TestClient.device(url);
      const signal = (sdp: string) => ({ type: "signal", to: b.welcome.self.id, data: { link: "testLink0001", kind: "description", description: { type: "offer", sdp } } });
      a.send(signal("v=0 " + "x".repeat(5000)));
      const refused = await a.next("error");
      expect(refused.code).toBe("rate-limited");
      a.send(signal("v=0 small"));
      const got = await b.next("signal");
      expect((got.data as { description: { sdp: string } }).description.sdp).toBe("v=0 small");
      expect(b.messages.filter((m) => m.type === "signal")).toHaveLength(1);
      a.close();
      b.close();
    } finally {
      await small.stop();
    }
  });
});
