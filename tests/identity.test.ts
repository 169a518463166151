// Device identity, pairing and temporary rooms against the real server process. Clients claim their network
// with X-Forwarded-For (loopback is trusted as a proxy here), so "different networks" are different rooms.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { TestDevice } from "./support/test-device";
import { CloseCode, type Hello } from "../src/protocol";

let ferry: FerryProcess;
const clients: TestClient[] = [];
const wsOf = (f: FerryProcess) => f.url.replace("http", "ws") + "/ws";
const candidate = { link: "testLink0001", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };
let net = 0;
/** A fresh public network (TEST-NET-3 address) per call unless one is given. */
const network = () => `203.0.113.${++net}`;
const online = async (opts: { net?: string; device?: TestDevice; hello?: Partial<Hello>; server?: FerryProcess } = {}) => {
  const c = await TestClient.device(wsOf(opts.server ?? ferry), { "x-forwarded-for": opts.net ?? network() }, opts.device, opts.hello);
  clients.push(c);
  return c;
};
const raw = async (net = network()) => {
  const c = await TestClient.connect(wsOf(ferry), { "x-forwarded-for": net });
  clients.push(c);
  return c;
};
const errors = (c: TestClient) => c.messages.flatMap((m) => (m.type === "error" ? [m.code] : []));

beforeAll(async () => {
  ferry = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1"]);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await ferry.stop();
});

/** Pair two online clients by code, both confirming, as two browsers do. */
async function pairByCode(a: TestClient & { device: TestDevice }, b: TestClient & { device: TestDevice }) {
  a.send({ type: "pair-code-request" });
  const { code } = await a.next("pair-code");
  b.send({ type: "pair-join", code });
  expect((await a.next("pair-start", (m) => m.peer.id === b.device.id)).peer.id).toBe(b.device.id);
  expect((await b.next("pair-start", (m) => m.peer.id === a.device.id)).peer.id).toBe(a.device.id);
  a.send({ type: "pair-confirm", id: b.device.id });
  b.send({ type: "pair-confirm", id: a.device.id });
  await a.next("paired", (m) => m.id === b.device.id);
  await b.next("paired", (m) => m.id === a.device.id);
  return code;
}

describe("proof of the device key at connect", () => {
  test("a client that claims a device id without its key is refused and closed, and nobody sees it", async () => {
    const victim = new TestDevice();
    const net = network();
    const watcher = await online({ net });
    const attacker = new TestDevice();
    const c = await raw(net);
    const { challenge } = await c.next("challenge");
    // The victim's public key (so the victim's id), signed by the attacker's key.
    c.send({ ...attacker.hello(challenge), publicKey: victim.hello(challenge).publicKey });
    expect((await c.next("error")).code).toBe("auth-failed");
    expect((await c.waitClosed())?.code).toBe(CloseCode.authFailed);
    expect(c.messages.some((m) => m.type === "welcome")).toBe(false);
    await Bun.sleep(100);
    expect(watcher.messages.some((m) => m.type === "peer-joined")).toBe(false);
  });

  test("a hello replayed on another connection is refused", async () => {
    const device = new TestDevice();
    const first = await raw();
    const seen = device.hello((await first.next("challenge")).challenge);
    const second = await raw();
    await second.next("challenge");
    second.send(seen);
    expect((await second.next("error")).code).toBe("auth-failed");
    expect((await second.waitClosed())?.code).toBe(CloseCode.authFailed);
  });

  test("nothing is served before a hello; a malformed hello gets an error and the connection may answer again", async () => {
    const device = new TestDevice();
    const c = await raw();
    const { challenge } = await c.next("challenge");
    c.send({ type: "signal", to: device.id, data: candidate });
    c.send({ type: "pair-code-request" });
    c.send({ type: "hello", publicKey: 5 });
    c.send({ ...device.hello(challenge), paired: ["nope"] });
    c.send(device.hello(challenge));
    const welcome = await c.next("welcome");
    expect(welcome.self.id).toBe(device.id);
    expect(errors(c)).toEqual(["not-authenticated", "not-authenticated", "bad-message", "bad-message"]);
    c.send(device.hello(challenge));
    await c.next("error", (m) => m.message.includes("already"));
  });

  test("a second connection of one device wins; the first is closed as replaced, and peers see one device", async () => {
    const net = network();
    const peer = await online({ net });
    const device = new TestDevice();
    const first = await online({ net, device });
    await peer.next("peer-joined", (m) => m.peer.id === device.id);
    const second = await online({ net, device });
    expect((await first.waitClosed())?.code).toBe(CloseCode.replaced);
    expect((await peer.next("peer-updated", (m) => m.peer.id === device.id)).peer.id).toBe(device.id);
    expect(second.welcome.peers.map((p) => p.id)).toEqual([peer.device.id]);
    peer.send({ type: "signal", to: device.id, data: candidate });
    expect((await second.next("signal")).from).toBe(peer.device.id);
    await Bun.sleep(100);
    expect(peer.messages.some((m) => m.type === "peer-left")).toBe(false);
    expect(first.messages.some((m) => m.type === "signal")).toBe(false);
  });
});

describe("pairing by code", () => {
  test("a code pairs exactly once: the devices on different networks then see each other; a second use is refused", async () => {
    const a = await online();
    const b = await online();
    expect(a.welcome.peers).toEqual([]);
    const code = await pairByCode(a, b);
    b.send({ type: "signal", to: a.device.id, data: candidate });
    expect((await a.next("signal")).from).toBe(b.device.id);
    const late = await online();
    late.send({ type: "pair-join", code });
    expect((await late.next("error")).code).toBe("pair-code-invalid");
    expect(late.messages.some((m) => m.type === "pair-start")).toBe(false);
  });

  test("an expired code is refused", async () => {
    const short = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1", "--pair-code-ttl", "1"]);
    try {
      const a = await online({ server: short });
      const b = await online({ server: short });
      a.send({ type: "pair-code-request" });
      const { code, ttlSeconds } = await a.next("pair-code");
      expect(ttlSeconds).toBe(1);
      await Bun.sleep(1500);
      b.send({ type: "pair-join", code });
      expect((await b.next("error")).code).toBe("pair-code-invalid");
      expect(a.messages.some((m) => m.type === "pair-start")).toBe(false);
    } finally {
      await short.stop();
    }
  });

  test("guessing is throttled per connection and per address, even for a right code", async () => {
    const owner = await online();
    owner.send({ type: "pair-code-request" });
    const { code } = await owner.next("pair-code");
    const wrong = code === "000000" ? "000001" : "000000";
    const net = network();
    const guesser = await online({ net });
    for (let i = 0; i < 5; i++) guesser.send({ type: "pair-join", code: wrong });
    guesser.send({ type: "pair-join", code });
    await guesser.next("error", (m) => m.code === "too-many-guesses");
    expect(errors(guesser)).toEqual([...Array(5).fill("pair-code-invalid"), "too-many-guesses"]);
    // A new connection from the same address gets what is left of the address's 10, then nothing.
    const again = await online({ net });
    for (let i = 0; i < 5; i++) again.send({ type: "pair-join", code: wrong });
    again.send({ type: "pair-join", code });
    await again.next("error", (m) => m.code === "too-many-guesses");
    expect(errors(again)).toEqual([...Array(5).fill("pair-code-invalid"), "too-many-guesses"]);
    expect(owner.messages.some((m) => m.type === "pair-start")).toBe(false);
    // Room codes are throttled the same way.
    for (let i = 0; i < 5; i++) guesser.send({ type: "room-join", code: "ZZZZZZZZ" });
    guesser.send({ type: "room-join", code: "ZZZZZZZ0" });
    await guesser.next("error", (m) => m.code === "too-many-guesses" && m.message.includes("room"));
  });

  test("a claim alone shows nothing: both devices must claim each other", async () => {
    const a = await online();
    const b = await online({ hello: { paired: [a.device.id] } });
    expect(b.welcome.peers).toEqual([]);
    b.send({ type: "signal", to: a.device.id, data: candidate });
    expect((await b.next("error")).code).toBe("unknown-peer");
    expect(a.messages.some((m) => m.type === "peer-joined" || m.type === "unpaired")).toBe(false);
    expect(b.messages.some((m) => m.type === "unpaired")).toBe(false);
  });

  test("after a server restart, two paired clients see each other again from what they bring", async () => {
    const first = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1"]);
    const [da, db] = [new TestDevice(), new TestDevice()];
    const [na, nb] = [network(), network()];
    try {
      await pairByCode(await online({ server: first, device: da, net: na }), await online({ server: first, device: db, net: nb }));
    } finally {
      await first.stop();
    }
    const restarted = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1", "--port", String(first.port)]);
    try {
      const a = await online({ server: restarted, device: da, net: na, hello: { paired: [db.id] } });
      const b = await online({ server: restarted, device: db, net: nb, hello: { paired: [da.id] } });
      expect(b.welcome.peers.map((p) => p.id)).toEqual([da.id]);
      expect((await a.next("peer-joined")).peer.id).toBe(db.id);
    } finally {
      await restarted.stop();
    }
  });

  test("unpairing ends it on both ends: at once when both are online, or when both are next online", async () => {
    const [da, db] = [new TestDevice(), new TestDevice()];
    const a = await online({ device: da, hello: { paired: [db.id] } });
    const b = await online({ device: db, hello: { paired: [da.id] } });
    expect(b.welcome.peers.map((p) => p.id)).toEqual([da.id]);
    a.send({ type: "unpair", id: db.id });
    expect((await b.next("unpaired")).id).toBe(da.id);
    expect((await b.next("peer-left")).id).toBe(da.id);
    expect((await a.next("peer-left")).id).toBe(db.id);

    // C unpairs D while D is away; D comes back still claiming C and is told.
    const [dc, dd] = [new TestDevice(), new TestDevice()];
    const c = await online({ device: dc, hello: { unpaired: [dd.id] } });
    const d = await online({ device: dd, hello: { paired: [dc.id] } });
    expect((await d.next("unpaired")).id).toBe(dc.id);
    expect(d.welcome.peers).toEqual([]);
    expect(c.messages.some((m) => m.type === "peer-joined")).toBe(false);
  });

  test("calling off a pairing tells the other device, and the session ends", async () => {
    const a = await online();
    const b = await online();
    a.send({ type: "pair-code-request" });
    b.send({ type: "pair-join", code: (await a.next("pair-code")).code });
    await b.next("peer-joined");
    b.send({ type: "pair-confirm", id: a.device.id });
    a.send({ type: "pair-cancel", id: b.device.id });
    expect((await b.next("pair-cancelled")).id).toBe(a.device.id);
    expect((await b.next("peer-left")).id).toBe(a.device.id);
    a.send({ type: "pair-confirm", id: b.device.id });
    expect((await a.next("error")).code).toBe("no-pairing");
    expect(a.messages.some((m) => m.type === "paired")).toBe(false);
  });
});

describe("temporary rooms", () => {
  test("a room code joins clients whose addresses are in different rooms; leaving parts them", async () => {
    const a = await online();
    const b = await online();
    a.send({ type: "room-create" });
    const { code } = await a.next("room");
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    b.send({ type: "room-join", code: code! });
    expect((await b.next("room")).code).toBe(code);
    expect((await b.next("peer-joined")).peer.id).toBe(a.device.id);
    expect((await a.next("peer-joined")).peer.id).toBe(b.device.id);
    const outsider = await online();
    outsider.send({ type: "room-join", code: code === "ZZZZZZZZ" ? "ZZZZZZZY" : "ZZZZZZZZ" });
    expect((await outsider.next("error")).code).toBe("room-code-invalid");

    // A page that reloads brings its room back.
    b.close();
    await a.next("peer-left");
    const back = await online({ device: b.device, hello: { room: code } });
    expect(back.welcome.room).toBe(code);
    expect(back.welcome.peers.map((p) => p.id)).toEqual([a.device.id]);
    back.send({ type: "room-leave" });
    expect((await back.next("room")).code).toBeNull();
    expect((await a.next("peer-left", (m) => m.id === b.device.id && a.messages.filter((x) => x.type === "peer-left").length === 2)).id).toBe(b.device.id);
  });
});
