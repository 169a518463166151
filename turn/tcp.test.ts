// TURN over TCP and TLS: what only a stream has (RFC 8656 §3.1): one allocation per connection that
// ends with it, framing that can be lost, and limits on what a connection can make the relay hold.
import { afterEach, describe, expect, test } from "bun:test";
import { connect as tlsConnect } from "node:tls";
import { errorCode } from "./test-client";
import { STREAM_LIMITS } from "./tcp";
import { cleanUp, client, peer, portFree, relay, testCertificate, until } from "./test-relay";

afterEach(cleanUp);

const tcp = { transport: "tcp" } as const;
const limits = (over: Partial<typeof STREAM_LIMITS>) => ({ streamLimits: { ...STREAM_LIMITS, ...over } });
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), Bun.sleep(ms).then(() => false)]);

describe("TURN over a stream", () => {
  test("an allocation ends with its connection and frees its relay port", async () => {
    const r = await relay();
    const c = await client(r, 600, undefined, tcp);
    const { relayed } = await c.allocate();
    expect(await portFree(relayed!.port)).toBe(false);
    await c.close();
    await until(() => r.streamStats().connections === 0);
    expect(await portFree(relayed!.port)).toBe(true);
  });

  test("a TCP client and a UDP client relay to each other (one browser behind a UDP-blocking network)", async () => {
    const r = await relay();
    const [a, b] = [await client(r, 600, undefined, tcp), await client(r)];
    const ra = (await a.allocate()).relayed!;
    const rb = (await b.allocate()).relayed!;
    expect(errorCode(await a.channelBind(0x4000, rb.ip, rb.port))).toBeNull();
    expect(errorCode(await b.channelBind(0x4001, ra.ip, ra.port))).toBeNull();
    for (let i = 0; i < 50; i++) a.sendChannelData(0x4000, Buffer.alloc(1 + i, i));
    for (let i = 0; i < 50; i++) b.sendChannelData(0x4001, Buffer.alloc(1 + i, i));
    await until(() => a.received.length === 50 && b.received.length === 50);
    for (const c of [a, b]) expect(c.received.map((m) => m.data)).toEqual(Array.from({ length: 50 }, (_, i) => Buffer.alloc(1 + i, i)));
  });

  test("a stream that is not TURN is closed; other connections go on", async () => {
    const r = await relay();
    const good = await client(r, 600, undefined, tcp);
    expect(errorCode((await good.allocate()).res)).toBeNull();
    const junk = await client(r, 600, undefined, tcp);
    junk.sendRaw(Buffer.from("\x16\x03\x01\x00\xf4\x01\x00\x00\xf0\x03\x03", "latin1")); // a TLS ClientHello on the TCP port
    expect(await within(junk.closed, 2000)).toBe(true);
    expect(errorCode(await good.refresh(600))).toBeNull();
  });

  test("a connection without an allocation is closed after the setup time, also once its allocation ends", async () => {
    const r = await relay(limits({ setupTimeoutMs: 300 }));
    const idle = await client(r, 600, undefined, tcp);
    expect(await within(idle.closed, 2000)).toBe(true);

    const c = await client(r, 600, undefined, tcp);
    await c.allocate();
    await Bun.sleep(500);
    expect(errorCode(await c.refresh(600))).toBeNull(); // still open: it holds an allocation
    await c.refresh(0);
    expect(await within(c.closed, 2000)).toBe(true);
  });

  test("connections are capped per client address and in all", async () => {
    const r = await relay(limits({ maxConnectionsPerAddress: 2, maxConnections: 3 }));
    const a = [await client(r, 600, undefined, tcp), await client(r, 600, undefined, tcp), await client(r, 600, undefined, tcp)];
    expect(await within(a[2]!.closed, 1000)).toBe(true);
    expect(await within(a[0]!.closed, 200)).toBe(false);
    const other = await client(r, 600, undefined, { ...tcp, from: "127.0.0.2" });
    expect(errorCode((await other.allocate()).res)).toBeNull();
    const fourth = await client(r, 600, undefined, { ...tcp, from: "127.0.0.3" });
    expect(await within(fourth.closed, 1000)).toBe(true);
    await a[0]!.close();
    await until(() => r.streamStats().connections === 2);
    const again = await client(r, 600, undefined, tcp);
    expect(errorCode((await again.allocate()).res)).toBeNull();
  });

  test("a client that stops reading makes the relay hold at most its queue, and whole messages only", async () => {
    const cap = 64 * 1024;
    const r = await relay(limits({ maxQueuedBytesPerConnection: cap }));
    const c = await client(r, 600, undefined, tcp);
    const p = await peer();
    const { relayed } = await c.allocate();
    expect(errorCode(await c.channelBind(0x4000, "127.0.0.1", p.port))).toBeNull();
    c.pause();
    let peak = 0;
    // ~40 MB from the peer: far more than the kernel's socket buffers and our queue together.
    for (let i = 0; i < 40_000; i++) {
      p.socket.send(Buffer.alloc(999, i & 0xff), relayed!.port, "127.0.0.1");
      if (i % 500 === 0) {
        await Bun.sleep(1);
        peak = Math.max(peak, r.streamStats().queuedBytes);
      }
    }
    await Bun.sleep(200);
    peak = Math.max(peak, r.streamStats().queuedBytes);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(cap + 1004); // the rest of one message may follow a partial write
    c.resume();
    await until(() => r.streamStats().queuedBytes === 0, 10_000);
    await Bun.sleep(200);
    // Some were dropped like UDP; every one that arrived is whole.
    expect(c.received.length).toBeGreaterThan(10);
    expect(c.received.length).toBeLessThan(40_000);
    for (const m of c.received) expect(m.channel === 0x4000 && m.data.length === 999 && m.data.every((x) => x === m.data[0])).toBe(true);
    // …and the stream is still in step.
    expect(errorCode(await c.refresh(600))).toBeNull();
  }, 30_000);

  test("TLS serves the certificate it was given", async () => {
    const r = await relay();
    const { certPem } = await testCertificate();
    // Verified against that certificate as the only trusted root, for the address the client dialled.
    const socket = tlsConnect({ host: "127.0.0.1", port: r.tlsPort, ca: certPem });
    const ok = await new Promise<boolean>((resolve) => {
      socket.once("secureConnect", () => resolve(socket.authorized));
      socket.once("error", () => resolve(false));
    });
    socket.destroy();
    expect(ok).toBe(true);
  });
});
