// Signaling against the real server process: discovery, relay of signals, room isolation, bad input, liveness.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { TestDevice } from "./support/test-device";
import { rawDevice } from "./support/raw-device";
import { CloseCode } from "../src/protocol";

let ferry: FerryProcess;
let wsUrl: string;
const clients: TestClient[] = [];
const connect = async (network?: string, device?: TestDevice, hello = {}) => {
  const c = await TestClient.device(wsUrl, network ? { "x-forwarded-for": network } : {}, device, hello);
  clients.push(c);
  return c;
};
const candidate = { link: "testLink0001", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };

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
    const welcomeA = a.welcome;
    const b = await connect("203.0.113.10");
    const welcomeB = b.welcome;
    expect(welcomeA.self.id).toBe(a.device.id);
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
    const idA = a.device.id;
    const c = await connect("192.0.2.30");
    const welcomeC = c.welcome;
    expect(welcomeC.peers).toEqual([]);
    // Each is told a tag of its network, never an address; the two networks' tags differ.
    expect(a.welcome.network).toMatchObject({ kind: "public", family: "ipv4", forwardingIgnored: false });
    expect(a.welcome.network.tag).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(b.welcome.network.tag).toBe(a.welcome.network.tag);
    expect(welcomeC.network.tag).not.toBe(a.welcome.network.tag);

    c.send({ type: "signal", to: idA, data: candidate });
    expect((await c.next("error")).code).toBe("unknown-peer");
    await Bun.sleep(200);
    expect(a.messages.some((m) => m.type === "signal" || (m.type === "peer-joined" && m.peer.id === welcomeC.self.id))).toBe(false);
  });

  test("forwarding headers are not trusted by default", async () => {
    const plain = await startFerry(["--no-turn"]);
    try {
      const url = plain.url.replace("http", "ws") + "/ws";
      const a = await TestClient.device(url, { "x-forwarded-for": "203.0.113.1" });
      const b = await TestClient.device(url, { "x-forwarded-for": "198.51.100.1" });
      expect(b.welcome.peers.map((p) => p.id)).toEqual([a.device.id]);
      // ...and the device is told so: its panel names a proxy without --trust-proxy.
      expect(b.welcome.network).toEqual({ kind: "local", family: "ipv4", tag: "local", forwardingIgnored: true });
      a.close();
      b.close();
    } finally {
      await plain.stop();
    }
  });

  test("a device keeps its id and derived name across reconnects, and the name it brings wins", async () => {
    const device = new TestDevice();
    const one = await connect("203.0.113.50", device);
    one.close();
    await one.waitClosed();
    const two = await connect("203.0.113.50", device);
    expect(two.welcome.self).toEqual(one.welcome.self);
    expect(two.welcome.self.name).toMatch(/^\w+ \w+$/);
    two.close();
    await two.waitClosed();
    const three = await connect("203.0.113.50", device, { name: "Kitchen\u202e iPad" });
    expect(three.welcome.self).toMatchObject({ id: device.id, name: "Kitchen iPad" });
  });

  test("renaming tells the room", async () => {
    const a = await connect("203.0.113.60");
    const b = await connect("203.0.113.60");
    const idA = a.device.id;
    a.send({ type: "rename", name: "Kitchen <b>iPad</b>" });
    const upd = await b.next("peer-updated");
    expect(upd.peer).toMatchObject({ id: idA, name: "Kitchen <b>iPad</b>" });
  });

  test("malformed frames get errors, an oversized frame closes only that connection, others keep working", async () => {
    const a = await connect("203.0.113.70");
    const b = await connect("203.0.113.70");
    const idB = b.device.id;
    const bad = await connect("203.0.113.70");

    const frames = ["{", "null", "[]", '{"type":"nope"}', '{"type":"signal"}', '{"type":"signal","to":1,"data":{}}', '{"type":"rename","name":7}', JSON.stringify({ type: "signal", to: new TestDevice().id, data: candidate })];
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
    const idB = b.device.id;
    const flood = await connect("203.0.113.80");
    // Renames that change nothing are dropped without a word, but they still count against the message rate.
    for (let i = 0; i < 2000 && !flood.closed; i++) flood.send({ type: "rename", name: "Same Name" });
    const closed = await flood.waitClosed();
    expect(closed?.code).toBe(CloseCode.rateLimited);
    expect(flood.messages.some((m) => m.type === "error" && m.code === "rate-limited")).toBe(true);

    a.send({ type: "signal", to: idB, data: candidate });
    expect((await b.next("signal")).data).toEqual(candidate as never);
  });
});

describe("proxy headers, origins, names and renames", () => {
  test("behind a trusted proxy a client's own CF-Connecting-IP is ignored: it lands in its own network's room", async () => {
    const victim = await connect("203.0.113.200");
    const idVictim = (await victim.next("welcome")).self.id;
    const neighbour = await connect("198.51.100.7");
    const idNeighbour = (await neighbour.next("welcome")).self.id;
    // The proxy appends the attacker's real address to X-Forwarded-For; the attacker adds the rest.
    const attacker = await TestClient.device(wsUrl, { "x-forwarded-for": "198.51.100.7", "cf-connecting-ip": "203.0.113.200", forwarded: "for=203.0.113.200", "x-real-ip": "203.0.113.200" });
    clients.push(attacker);
    const welcome = await attacker.next("welcome");
    expect(welcome.peers.map((p) => p.id)).toEqual([idNeighbour]);
    attacker.send({ type: "signal", to: idVictim, data: candidate });
    expect((await attacker.next("error")).code).toBe("unknown-peer");
    await Bun.sleep(100);
    expect(victim.messages.some((m) => m.type === "peer-joined" || m.type === "signal")).toBe(false);
  });

  test("a page of another site gets no WebSocket (no 101); our own page and tools without Origin do", async () => {
    const handshake = async (headers: string) => {
      let got = "";
      const sock = await Bun.connect({ hostname: "127.0.0.1", port: ferry.port, socket: { data(_s, d) { got += new TextDecoder().decode(d); }, open() {} } });
      const key = btoa("harden-origin-16");
      sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${ferry.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${headers}\r\n`);
      const deadline = Date.now() + 3000;
      while (!got.includes("\r\n\r\n") && Date.now() < deadline) await Bun.sleep(10);
      sock.end();
      return got.split("\r\n")[0];
    };
    expect(await handshake("Origin: http://evil.example\r\n")).toBe("HTTP/1.1 403 Forbidden");
    expect(await handshake(`Origin: http://127.0.0.1:${ferry.port + 1}\r\n`)).toBe("HTTP/1.1 403 Forbidden");
    expect(await handshake(`Origin: https://127.0.0.1:${ferry.port}\r\n`)).toBe("HTTP/1.1 101 Switching Protocols"); // https: a trusted proxy may end TLS
    expect(await handshake(`Origin: http://127.0.0.1:${ferry.port}\r\n`)).toBe("HTTP/1.1 101 Switching Protocols");
    expect(await handshake("")).toBe("HTTP/1.1 101 Switching Protocols");
  });

  test("names lose bidi controls and invisible characters; a name of nothing visible is refused", async () => {
    const a = await connect("203.0.113.61");
    const b = await connect("203.0.113.61");
    await a.next("welcome");
    await b.next("welcome");
    a.send({ type: "rename", name: "\u200b\u200b\u3164" });
    expect((await a.next("error")).code).toBe("bad-name");
    a.send({ type: "rename", name: "photo\u202egpj.exe" });
    expect((await b.next("peer-updated")).peer.name).toBe("photogpj.exe");
  });

  test("renames that change nothing reach nobody; more than 10 a minute are refused", async () => {
    const a = await connect("203.0.113.62");
    const b = await connect("203.0.113.62");
    const idA = (await a.next("welcome")).self.id;
    await b.next("welcome");
    for (let i = 0; i < 5; i++) a.send({ type: "rename", name: "Kitchen" });
    for (let i = 0; i < 12; i++) a.send({ type: "rename", name: `Kitchen ${i}` });
    await a.next("error", (m) => m.code === "too-many-renames");
    await Bun.sleep(200);
    const updates = b.messages.filter((m) => m.type === "peer-updated" && m.peer.id === idA);
    // "Kitchen" once, then nine of the twelve before the bucket of ten is empty.
    expect(updates).toHaveLength(10);
    expect(a.messages.filter((m) => m.type === "error" && m.code === "too-many-renames")).toHaveLength(3);
  });
});

describe("connection caps", () => {
  test("over the per-address, room and total caps a connection is closed with a code and reason the page explains", async () => {
    const capped = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1", "--max-connections-per-address", "2", "--max-room-size", "3", "--max-connections", "6"]);
    const url = capped.url.replace("http", "ws") + "/ws";
    const open: TestClient[] = [];
    const from = async (address: string) => {
      const c = await TestClient.connect(url, { "x-forwarded-for": address });
      open.push(c);
      // A device answers the challenge; the room's size is judged at its hello.
      const answered = c.next("challenge", () => true, 3000).then(({ challenge }) => c.send(new TestDevice().hello(challenge)));
      await Promise.race([answered.then(() => c.next("welcome", () => true, 3000)), c.waitClosed(3000)]);
      return c;
    };
    try {
      await from("203.0.113.1");
      await from("203.0.113.1");
      expect((await from("203.0.113.1")).closed).toEqual({ code: CloseCode.tooManyConnections, reason: "too many connections from your address (2)" });
      for (const a of ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) expect((await from(a)).closed).toBeNull();
      expect((await from("10.0.0.4")).closed).toEqual({ code: CloseCode.roomFull, reason: "room full: 3 devices on this network" });
      expect((await from("198.51.100.1")).closed).toBeNull();
      const full = await from("198.51.100.2");
      expect(full.closed).toEqual({ code: CloseCode.serverFull, reason: "server full: try again later" });
      expect(CloseCode.serverFull).toBe(1013);
      // Refused connections held nothing: closing one admitted connection lets the next device in.
      open[0]!.close();
      await Bun.sleep(200);
      expect((await from("198.51.100.2")).closed).toBeNull();
      expect((await (await fetch(`${capped.url}/healthz`)).json()).connections).toBe(6);
    } finally {
      for (const c of open) c.close();
      await capped.stop();
    }
  });
});

describe("liveness", () => {
  test("a device that stops answering disappears from its peers' lists within seconds", async () => {
    const a = await connect("203.0.113.90");
    // A raw TCP client that completes the WebSocket handshake, proves a device key, then never answers a ping.
    const { sock, device: silent } = await rawDevice(ferry.port, { "X-Forwarded-For": "203.0.113.90" });
    const joined = await a.next("peer-joined");
    expect(joined.peer.id).toBe(silent.id);
    const start = Date.now();
    const left = await a.next("peer-left", (m) => m.id === joined.peer.id, 40_000);
    expect(left.id).toBe(joined.peer.id);
    console.log(`silent device dropped after ${((Date.now() - start) / 1000).toFixed(1)} s`);
    sock.end();
  }, 45_000);
});


test("a connected device is sent fresh TURN credentials before its old ones expire, and one that never says hello none", async () => {
  // --turn-credential-ttl 2: renewed every second (80% of the lifetime, at least 1 s).
  const f = await startFerry(["--turn-url", "turn:turn.example.org:3478", "--turn-secret", "s", "--turn-credential-ttl", "2"]);
  try {
    const url = f.url.replace("http", "ws") + "/ws";
    const silent = await TestClient.connect(url);
    const c = await TestClient.device(url);
    const first = c.welcome.iceServers.find((s) => s.username)!;
    const renewed = await c.next("ice-servers", () => true, 4000);
    const next = renewed.iceServers.find((s) => s.username)!;
    expect(next.urls).toEqual(first.urls);
    expect(next.username).not.toBe(first.username);
    expect(silent.messages.map((m) => m.type)).toEqual(["challenge"]);
    c.close();
    silent.close();
  } finally {
    await f.stop();
  }
}, 15_000);
