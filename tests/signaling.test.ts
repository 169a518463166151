// Signaling against the real server process: discovery, relay of signals, room isolation, bad input, liveness.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { CloseCode } from "../src/protocol";

let ferry: FerryProcess;
let wsUrl: string;
const clients: TestClient[] = [];
const connect = async (network?: string, query = "") => {
  const c = await TestClient.connect(`${wsUrl}${query}`, network ? { "x-forwarded-for": network } : {});
  clients.push(c);
  return c;
};
const candidate = { kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };

beforeAll(async () => {
  // Trusting loopback as a proxy lets each test client claim its own network with X-Forwarded-For.
  ferry = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1"]);
  wsUrl = ferry.url.replace("http", "ws") + "/ws";
});

afterAll(async () => {
  for (const c of clients) c.close();
  await ferry.stop();
});

describe("signaling", () => {
  test("two devices on one network see each other and exchange signals stamped by the server", async () => {
    const a = await connect("203.0.113.10");
    const welcomeA = await a.next("welcome");
    const b = await connect("203.0.113.10");
    const welcomeB = await b.next("welcome");
    expect(welcomeB.peers.map((p) => p.id)).toEqual([welcomeA.self.id]);
    expect((await a.next("peer-joined")).peer.id).toBe(welcomeB.self.id);
    expect(welcomeA.self.name).toMatch(/^\w+ \w+$/);

    a.send({ type: "signal", to: welcomeB.self.id, from: "forged", data: candidate });
    const got = await b.next("signal");
    expect(got.from).toBe(welcomeA.self.id);
    expect(got.data).toEqual(candidate as never);

    b.close();
    expect((await a.next("peer-left")).id).toBe(welcomeB.self.id);
  });

  test("a device on another network sees neither and cannot signal them", async () => {
    const a = await connect("198.51.100.20");
    const b = await connect("198.51.100.20");
    const idA = (await a.next("welcome")).self.id;
    await b.next("welcome");
    const c = await connect("192.0.2.30");
    const welcomeC = await c.next("welcome");
    expect(welcomeC.peers).toEqual([]);

    c.send({ type: "signal", to: idA, data: candidate });
    expect((await c.next("error")).code).toBe("unknown-peer");
    await Bun.sleep(200);
    expect(a.messages.some((m) => m.type === "signal" || (m.type === "peer-joined" && m.peer.id === welcomeC.self.id))).toBe(false);
  });

  test("forwarding headers are not trusted by default", async () => {
    const plain = await startFerry(["--no-turn"]);
    try {
      const url = plain.url.replace("http", "ws") + "/ws";
      const a = await TestClient.connect(url, { "x-forwarded-for": "203.0.113.1" });
      const b = await TestClient.connect(url, { "x-forwarded-for": "198.51.100.1" });
      const idA = (await a.next("welcome")).self.id;
      expect((await b.next("welcome")).peers.map((p) => p.id)).toEqual([idA]);
      a.close();
      b.close();
    } finally {
      await plain.stop();
    }
  });

  test("the same browser keeps its name across reconnects", async () => {
    const one = await connect("203.0.113.50", "?device=my-browser-seed-1");
    const name = (await one.next("welcome")).self.name;
    one.close();
    const two = await connect("203.0.113.50", "?device=my-browser-seed-1");
    expect((await two.next("welcome")).self.name).toBe(name);
  });

  test("renaming tells the room", async () => {
    const a = await connect("203.0.113.60");
    const b = await connect("203.0.113.60");
    const idA = (await a.next("welcome")).self.id;
    await b.next("welcome");
    a.send({ type: "rename", name: "Kitchen <b>iPad</b>" });
    const upd = await b.next("peer-updated");
    expect(upd.peer).toMatchObject({ id: idA, name: "Kitchen <b>iPad</b>" });
  });

  test("malformed frames get errors, an oversized frame closes only that connection, others keep working", async () => {
    const a = await connect("203.0.113.70");
    const b = await connect("203.0.113.70");
    const idB = (await b.next("welcome")).self.id;
    await a.next("welcome");
    const bad = await connect("203.0.113.70");
    await bad.next("welcome");

    const frames = ["{", "null", "[]", '{"type":"nope"}', '{"type":"signal"}', '{"type":"signal","to":1,"data":{}}', '{"type":"rename","name":7}', JSON.stringify({ type: "signal", to: "ghost", data: candidate })];
    for (const f of frames) bad.send(f);
    bad.ws.send(new Uint8Array([0, 1, 2]));
    const deadline = Date.now() + 5000;
    while (bad.messages.filter((m) => m.type === "error").length < frames.length + 1 && Date.now() < deadline) await Bun.sleep(20);
    const codes = bad.messages.filter((m) => m.type === "error").map((m) => (m as { code: string }).code);
    expect(codes).toEqual(["bad-json", "bad-message", "bad-message", "bad-message", "bad-message", "bad-message", "bad-message", "unknown-peer", "bad-message"]);

    bad.send("x".repeat(70 * 1024));
    expect((await bad.waitClosed())?.code).toBe(CloseCode.tooLarge);

    a.send({ type: "signal", to: idB, data: candidate });
    expect((await b.next("signal")).data).toEqual(candidate as never);
    const res = await fetch(`${ferry.url}/healthz`);
    expect(res.status).toBe(200);
  });

  test("a flood is refused, then closed with a reason, without disturbing others", async () => {
    const a = await connect("203.0.113.80");
    const b = await connect("203.0.113.80");
    const idB = (await b.next("welcome")).self.id;
    await a.next("welcome");
    const flood = await connect("203.0.113.80");
    await flood.next("welcome");
    for (let i = 0; i < 2000 && !flood.closed; i++) flood.send({ type: "rename", name: `n${i}` });
    const closed = await flood.waitClosed();
    expect(closed?.code).toBe(CloseCode.rateLimited);
    expect(flood.messages.some((m) => m.type === "error" && m.code === "rate-limited")).toBe(true);

    a.send({ type: "signal", to: idB, data: candidate });
    expect((await b.next("signal")).data).toEqual(candidate as never);
  });
});

describe("liveness", () => {
  test("a device that stops answering disappears from its peers' lists within seconds", async () => {
    const a = await connect("203.0.113.90");
    await a.next("welcome");
    // A raw TCP client that completes the WebSocket handshake and then never answers a ping.
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    const sock = await Bun.connect({
      hostname: "127.0.0.1",
      port: ferry.port,
      socket: { data() {}, open() {} },
    });
    sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nX-Forwarded-For: 203.0.113.90\r\n\r\n`);
    const joined = await a.next("peer-joined");
    const start = Date.now();
    const left = await a.next("peer-left", (m) => m.id === joined.peer.id, 40_000);
    expect(left.id).toBe(joined.peer.id);
    console.log(`silent device dropped after ${((Date.now() - start) / 1000).toFixed(1)} s`);
    sock.end();
  }, 45_000);
});
