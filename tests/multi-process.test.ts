// Two Ferry processes on different ports sharing one real redis-server (--redis-url): devices on either see,
// signal, pair and meet in rooms as on one process, are refused across networks as on one process, and a
// process killed without a word takes its devices out of the others' lists within seconds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { startRedis, type RedisServer } from "./support/redis-server";
import { TestClient } from "./support/ws-client";
import { TestDevice } from "./support/test-device";
import { CloseCode } from "../src/protocol";

let redis: RedisServer;
let a: FerryProcess;
let b: FerryProcess;
const clients: TestClient[] = [];
const candidate = { link: "testLink0001", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };
let net = 0;
const network = () => `203.0.113.${++net}`;
const ferry = (extra: string[] = []) => startFerry(["--no-turn", "--trust-proxy", "127.0.0.1", "--redis-url", redis.url, ...extra]);
const online = async (server: FerryProcess, opts: { net?: string; device?: TestDevice } = {}) => {
  const c = await TestClient.device(server.url.replace("http", "ws") + "/ws", { "x-forwarded-for": opts.net ?? network() }, opts.device);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([ferry(), ferry()]);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

describe("two processes, one Redis", () => {
  test("devices on the same network but different processes see each other and exchange signals both ways", async () => {
    const n = network();
    const x = await online(a, { net: n });
    const y = await online(b, { net: n });
    expect(y.welcome.peers.map((p) => p.id)).toEqual([x.device.id]);
    await x.next("peer-joined", (m) => m.peer.id === y.device.id);
    x.send({ type: "signal", to: y.device.id, data: candidate });
    expect((await y.next("signal")).from).toBe(x.device.id);
    y.send({ type: "signal", to: x.device.id, data: candidate });
    expect((await x.next("signal")).from).toBe(y.device.id);
    y.send({ type: "rename", name: "Renamed on B" });
    expect((await x.next("peer-updated", (m) => m.peer.id === y.device.id)).peer.name).toBe("Renamed on B");
    y.close();
    await x.next("peer-left", (m) => m.id === y.device.id);
  });

  test("a signal to a device on another network is refused and never delivered, as on one process", async () => {
    const x = await online(a);
    const z = await online(b);
    x.send({ type: "signal", to: z.device.id, data: candidate });
    expect((await x.next("error")).code).toBe("unknown-peer");
    await Bun.sleep(200);
    expect(z.messages.some((m) => m.type === "signal" || m.type === "peer-joined")).toBe(false);
  });

  test("a pairing code shown on one process pairs with a device on the other", async () => {
    const x = await online(a);
    const y = await online(b);
    x.send({ type: "pair-code-request" });
    const { code } = await x.next("pair-code");
    y.send({ type: "pair-join", code });
    await x.next("pair-start", (m) => m.peer.id === y.device.id);
    await y.next("pair-start", (m) => m.peer.id === x.device.id);
    x.send({ type: "pair-confirm", id: y.device.id });
    y.send({ type: "pair-confirm", id: x.device.id });
    await x.next("paired", (m) => m.id === y.device.id);
    await y.next("paired", (m) => m.id === x.device.id);
    y.send({ type: "signal", to: x.device.id, data: candidate });
    expect((await x.next("signal")).from).toBe(y.device.id);
    // Used once, on either process.
    const late = await online(a);
    late.send({ type: "pair-join", code });
    expect((await late.next("error")).code).toBe("pair-code-invalid");
  });

  test("a room made on one process is joined from the other", async () => {
    const x = await online(a);
    const y = await online(b);
    x.send({ type: "room-create" });
    const { code } = await x.next("room");
    y.send({ type: "room-join", code: code! });
    expect((await y.next("peer-joined")).peer.id).toBe(x.device.id);
    expect((await x.next("peer-joined")).peer.id).toBe(y.device.id);
  });

  test("a device that connects again on the other process replaces its first connection; its peers see one device", async () => {
    const n = network();
    const peer = await online(a, { net: n });
    const device = new TestDevice();
    const first = await online(a, { net: n, device });
    await peer.next("peer-joined", (m) => m.peer.id === device.id);
    const second = await online(b, { net: n, device });
    expect((await first.waitClosed())?.code).toBe(CloseCode.replaced);
    await peer.next("peer-updated", (m) => m.peer.id === device.id);
    peer.send({ type: "signal", to: device.id, data: candidate });
    expect((await second.next("signal")).from).toBe(peer.device.id);
    expect(peer.messages.some((m) => m.type === "peer-left")).toBe(false);
  });

  test("a process that is killed takes its devices out of the other's lists within 10 s", async () => {
    const doomed = await ferry();
    try {
      const n = network();
      const watcher = await online(a, { net: n });
      const victims = [await online(doomed, { net: n }), await online(doomed, { net: n })];
      for (const v of victims) await watcher.next("peer-joined", (m) => m.peer.id === v.device.id);
      const killedAt = Date.now();
      doomed.proc.kill("SIGKILL");
      for (const v of victims) await watcher.next("peer-left", (m) => m.id === v.device.id, 10_000);
      console.log(`devices of a killed process left their peers' lists after ${Date.now() - killedAt} ms`);
      // …and a device arriving now does not see them.
      const late = await online(b, { net: n });
      expect(late.welcome.peers.map((p) => p.id)).toEqual([watcher.device.id]);
    } finally {
      await doomed.stop();
    }
  }, 20_000);
});
