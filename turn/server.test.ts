import { afterEach, describe, expect, test } from "bun:test";
import { ATTR, METHOD, TurnTestClient, attr, encode, errorCode, xorAddress } from "./test-client";
import type { Relay } from "./server";
import { SECRET, TRANSPORTS, cleanUp, client, onCleanUp, peer, portFree, relay, until } from "./test-relay";

afterEach(cleanUp);

/** The message with a FINGERPRINT attribute appended (RFC 8489 §14.7). */
function withFingerprint(m: Buffer): Buffer {
  const out = Buffer.concat([m, Buffer.alloc(8)]);
  out.writeUInt16BE(out.length - 20, 2);
  out.writeUInt16BE(0x8028, m.length);
  out.writeUInt16BE(4, m.length + 2);
  out.writeUInt32BE((Bun.hash.crc32(out.subarray(0, m.length)) ^ 0x5354554e) >>> 0, m.length + 4);
  return out;
}

// What every client transport must do alike: UDP, and TCP or TLS (RFC 8656 §3.1) with the relayed side UDP.
for (const transport of TRANSPORTS) {
  describe(`embedded TURN relay, client over ${transport.toUpperCase()}`, () => {
    const as = (r: Relay, ttl = 600, secret = SECRET) => client(r, ttl, secret, { transport });

    test("asks for long-term credentials, accepts REST API ones and refuses expired or forged ones", async () => {
      const r = await relay();
      const bare = await TurnTestClient.open(transport === "tls" ? r.tlsPort : r.port, "", "", { transport });
      onCleanUp(() => bare.close());
      const challenge = await bare.exchange(encode(METHOD.allocate, 0, [[ATTR.requestedTransport, Buffer.from([17, 0, 0, 0])]]));
      expect(errorCode(challenge)).toBe(401);
      expect(attr(challenge, ATTR.realm)?.toString()).toBe("ferry");
      expect(attr(challenge, ATTR.nonce)).toBeDefined();

      const expired = await as(r, -10);
      expect(errorCode((await expired.allocate()).res)).toBe(401);
      const forged = await as(r, 600, "wrong-secret");
      expect(errorCode((await forged.allocate()).res)).toBe(401);

      const good = await as(r);
      const { res, relayed, lifetime } = await good.allocate();
      expect(errorCode(res)).toBeNull();
      expect(good.integrityOk(res)).toBe(true);
      expect(relayed?.ip).toBe("127.0.0.1");
      expect(lifetime).toBe(600);
    });

    test("relays both ways with Send/Data indications and over a channel", async () => {
      const r = await relay();
      const c = await as(r);
      const p = await peer();
      const { relayed } = await c.allocate();
      expect(errorCode(await c.createPermission("127.0.0.1"))).toBeNull();

      c.sendIndication("127.0.0.1", p.port, Buffer.from("hello"));
      await until(() => p.got.length === 1);
      expect(p.got[0]!.data.toString()).toBe("hello");
      expect(p.got[0]!.from).toBe(relayed!.port);
      p.socket.send("back", relayed!.port, "127.0.0.1");
      await until(() => c.received.length === 1);
      expect(c.received[0]).toMatchObject({ channel: 0, peer: `127.0.0.1:${p.port}` });

      // libwebrtc drops a ChannelBind success without MESSAGE-INTEGRITY and then never uses channels.
      const bound = await c.channelBind(0x4001, "127.0.0.1", p.port);
      expect(errorCode(bound)).toBeNull();
      expect(c.integrityOk(bound)).toBe(true);
      c.sendChannelData(0x4001, Buffer.from("over channel"));
      await until(() => p.got.length === 2);
      expect(p.got[1]!.data.toString()).toBe("over channel");
      p.socket.send("channel back", relayed!.port, "127.0.0.1");
      await until(() => c.received.length === 2);
      expect(c.received[1]).toMatchObject({ channel: 0x4001 });
      expect(c.received[1]!.data.toString()).toBe("channel back");
    });

    test("keeps relaying after a Refresh (published node-turn deleted the allocation: NaN lifetime)", async () => {
      const r = await relay();
      const c = await as(r);
      const p = await peer();
      await c.allocate();
      await c.createPermission("127.0.0.1");
      c.sendIndication("127.0.0.1", p.port, Buffer.from("one"));
      await until(() => p.got.length === 1);

      const refreshed = await c.refresh(600);
      expect(errorCode(refreshed)).toBeNull();
      expect(attr(refreshed, ATTR.lifetime)?.readUInt32BE(0)).toBe(600);
      expect(errorCode(await c.createPermission("127.0.0.1"))).toBeNull();
      c.sendIndication("127.0.0.1", p.port, Buffer.from("two"));
      await until(() => p.got.length === 2);
    });

    test("relays every path byte for byte: channels and indications, relay to relay and to a peer, odd lengths, padding", async () => {
      const r = await relay();
      const [a, b] = [await as(r), await as(r)];
      const p = await peer();
      const ra = (await a.allocate()).relayed!;
      const rb = (await b.allocate()).relayed!;
      /** What b got last: its channel (0 for a Data indication), the peer of an indication, the payload. */
      const next = async () => {
        const n = b.received.length;
        await until(() => b.received.length === n + 1);
        const m = b.frames.at(-1)!;
        // A Data indication's length is exact and padded to 4 (RFC 8489 §5); a ChannelData carries its
        // payload only over UDP, padded to 4 over a stream (RFC 8656 §12.5).
        const length = m.readUInt16BE(2);
        if ((m[0]! & 0xc0) === 0) expect([length + 20, length % 4]).toEqual([m.length, 0]);
        else expect(m.length).toBe(4 + length + (transport === "udp" ? 0 : (4 - (length % 4)) % 4));
        return b.received.at(-1)!;
      };
      const odd = Buffer.from("seven b");
      expect(errorCode(await a.createPermission(rb.ip))).toBeNull();
      expect(errorCode(await b.createPermission(ra.ip))).toBeNull();

      // Send indication -> Data indication, relay to relay; with DONT-FRAGMENT; with FINGERPRINT (general path).
      a.sendIndication(rb.ip, rb.port, odd);
      expect(await next()).toMatchObject({ channel: 0, peer: `${ra.ip}:${ra.port}`, data: odd });
      a.sendRaw(encode(METHOD.send, 1, [[ATTR.xorPeerAddress, xorAddress(rb.ip, rb.port)], [0x001a, Buffer.alloc(0)], [ATTR.data, Buffer.from("df")]]));
      expect((await next()).data.toString()).toBe("df");
      a.sendRaw(withFingerprint(encode(METHOD.send, 1, [[ATTR.xorPeerAddress, xorAddress(rb.ip, rb.port)], [ATTR.data, Buffer.from("fingerprinted")]])));
      expect((await next()).data.toString()).toBe("fingerprinted");
      // An unknown comprehension-required attribute discards an indication (RFC 8489 §6.3.2).
      a.sendRaw(encode(METHOD.send, 1, [[ATTR.xorPeerAddress, xorAddress(rb.ip, rb.port)], [0x0033, Buffer.alloc(4)], [ATTR.data, Buffer.from("x")]]));

      // ChannelData -> ChannelData, relay to relay: b hears a on b's own channel number, padded or not.
      expect(errorCode(await a.channelBind(0x4001, rb.ip, rb.port))).toBeNull();
      expect(errorCode(await b.channelBind(0x4abc, ra.ip, ra.port))).toBeNull();
      a.sendChannelData(0x4001, odd);
      expect(await next()).toMatchObject({ channel: 0x4abc, data: odd });
      a.sendRaw(Buffer.concat([Buffer.from([0x40, 0x01, 0, 7]), odd, Buffer.alloc(1)]));
      expect(await next()).toMatchObject({ channel: 0x4abc, data: odd });
      // A Send indication towards a peer with a channel arrives as ChannelData.
      a.sendIndication(rb.ip, rb.port, Buffer.from("indicated"));
      expect(await next()).toMatchObject({ channel: 0x4abc, data: Buffer.from("indicated") });
      // Junk on a channel nobody bound, or longer than the datagram, is dropped.
      a.sendRaw(Buffer.from(transport === "udp" ? [0x40, 0x02, 0, 1, 9] : [0x40, 0x02, 0, 1, 9, 0, 0, 0]));
      if (transport === "udp") a.sendRaw(Buffer.from([0x40, 0x01, 0, 9, 9]));

      // A plain peer: to it without the channel header, from it in a Data indication or on a channel.
      expect(errorCode(await b.createPermission("127.0.0.1"))).toBeNull();
      b.sendIndication("127.0.0.1", p.port, odd);
      await until(() => p.got.length === 1);
      p.socket.send(odd, rb.port, "127.0.0.1");
      expect(await next()).toMatchObject({ channel: 0, peer: `127.0.0.1:${p.port}`, data: odd });
      expect(errorCode(await b.channelBind(0x4002, "127.0.0.1", p.port))).toBeNull();
      b.sendChannelData(0x4002, Buffer.from("on a channel"));
      await until(() => p.got.length === 2);
      p.socket.send(Buffer.alloc(1300, 5), rb.port, "127.0.0.1");
      expect(await next()).toMatchObject({ channel: 0x4002, data: Buffer.alloc(1300, 5) });
      expect(p.got.map((g) => [g.from, g.data.toString()])).toEqual([[rb.port, "seven b"], [rb.port, "on a channel"]]);
      await Bun.sleep(100);
      expect(b.received).toHaveLength(8);
    });
  });
}

describe("embedded TURN relay", () => {
  test("a refreshed flow outlives the allocation lifetime; an unrefreshed one ends and frees its port", async () => {
    const r = await relay({ allocationLifetime: 1 });
    const c = await client(r);
    const p = await peer();
    const { relayed, lifetime } = await c.allocate();
    expect(lifetime).toBe(1);
    await c.channelBind(0x4000, "127.0.0.1", p.port);
    for (let i = 0; i < 5; i++) {
      await Bun.sleep(500);
      expect(attr(await c.refresh(600), ATTR.lifetime)?.readUInt32BE(0)).toBe(1);
      c.sendChannelData(0x4000, Buffer.from(`tick ${i}`));
    }
    await until(() => p.got.length === 5);
    expect(await portFree(relayed!.port)).toBe(false);

    await Bun.sleep(1300);
    expect(await portFree(relayed!.port)).toBe(true);
    expect(errorCode(await c.createPermission("127.0.0.1"))).toBe(437);
  });

  test("Refresh with LIFETIME 0 deletes the allocation and closes its relay socket", async () => {
    const r = await relay();
    const c = await client(r);
    const { relayed } = await c.allocate();
    expect(await portFree(relayed!.port)).toBe(false);
    expect(attr(await c.refresh(0), ATTR.lifetime)?.readUInt32BE(0)).toBe(0);
    expect(await portFree(relayed!.port)).toBe(true);
  });

  test("ignores unknown comprehension-optional attributes and coturn's BANDWIDTH, answers 420 to unknown required ones", async () => {
    const r = await relay();
    const c = await client(r);
    const optional = await c.allocate([[0x8055, Buffer.from("x")], [0x0011, Buffer.alloc(4)]]);
    expect(errorCode(optional.res)).toBeNull();

    const required = await c.request(METHOD.createPermission, [[0x0033, Buffer.alloc(4)]]);
    expect(errorCode(required)).toBe(420);
    expect(attr(required, ATTR.unknownAttributes)?.readUInt16BE(0)).toBe(0x0033);
    expect(c.integrityOk(required)).toBe(true);
  });

  test("refuses loopback and link-local peers with 403 unless allowed, but relays relay to relay", async () => {
    const r = await relay({ allowLoopbackPeers: false });
    const a = await client(r);
    const b = await client(r);
    const p = await peer();
    const ra = (await a.allocate()).relayed!;
    const rb = (await b.allocate()).relayed!;
    expect(errorCode(await a.createPermission("169.254.1.1"))).toBe(403);
    expect(errorCode(await a.channelBind(0x4000, "127.0.0.1", p.port))).toBe(403);
    expect(errorCode(await a.createPermission("224.0.0.1"))).toBe(403);

    // Each side's peer is the other's relayed address: allowed, since it is the relay's own.
    expect(errorCode(await a.channelBind(0x4000, rb.ip, rb.port))).toBeNull();
    expect(errorCode(await b.createPermission(ra.ip))).toBeNull();
    a.sendChannelData(0x4000, Buffer.from("via two relays"));
    await until(() => b.received.length === 1);
    expect(b.received[0]).toMatchObject({ channel: 0, peer: `${ra.ip}:${ra.port}` });
    // …but the permission on an own address does not open other ports of this host.
    a.sendIndication("127.0.0.1", p.port, Buffer.from("to a local service"));
    await Bun.sleep(100);
    expect(p.got).toHaveLength(0);
  });

  test("caps allocations per client address with 486", async () => {
    const r = await relay({ maxAllocationsPerClient: 2 });
    const [a, b, c] = [await client(r), await client(r), await client(r)];
    expect(errorCode((await a.allocate()).res)).toBeNull();
    expect(errorCode((await b.allocate()).res)).toBeNull();
    expect(errorCode((await c.allocate()).res)).toBe(486);
    await a.refresh(0);
    expect(errorCode((await c.allocate()).res)).toBeNull();
  });

  test("caps allocations per credential across source addresses with 486; other devices still get theirs", async () => {
    const r = await relay({ maxAllocationsPerClient: 3, maxAllocationsPerCredential: 4 });
    const codes: (number | null)[] = [];
    for (const from of ["127.0.0.2", "127.0.0.3", "127.0.0.4"])
      for (let i = 0; i < 2; i++) codes.push(errorCode((await (await client(r, 600, SECRET, { from, peerId: "greedy" })).allocate()).res));
    expect(codes).toEqual([null, null, null, null, 486, 486]);
    // A renewed credential of the same peer (a later expiry) is the same owner.
    expect(errorCode((await (await client(r, 1200, SECRET, { from: "127.0.0.5", peerId: "greedy" })).allocate()).res)).toBe(486);
    expect(errorCode((await (await client(r, 600, SECRET, { from: "127.0.0.5", peerId: "next-device" })).allocate()).res)).toBeNull();
  });

  test("warns once when the relay port pool runs low", async () => {
    const lines: string[] = [];
    const r = await relay({ relayPortMin: 58100, relayPortMax: 58109, maxAllocationsPerClient: 20, maxAllocationsPerCredential: 20, log: (level, msg) => level === "warn" && lines.push(msg) });
    for (let i = 0; i < 8; i++) expect(errorCode((await (await client(r)).allocate()).res)).toBeNull();
    expect(lines).toEqual([]);
    for (let i = 0; i < 2; i++) expect(errorCode((await (await client(r)).allocate()).res)).toBeNull();
    expect(lines.filter((l) => l.includes("pool running low"))).toEqual(["turn: relay port pool running low: 9 of 10 ports allocated (--turn-min-port/--turn-max-port)"]);
  });

  test("answers a retransmitted Allocate with the same allocation and another one on the 5-tuple with 437", async () => {
    const r = await relay();
    const c = await client(r);
    const first = await c.allocate();
    const again = await c.request(METHOD.allocate, [[ATTR.requestedTransport, Buffer.from([17, 0, 0, 0])]], Buffer.from(first.res.txid, "hex"));
    expect(errorCode(again)).toBeNull();
    expect(attr(again, ATTR.xorRelayedAddress)).toEqual(attr(first.res, ATTR.xorRelayedAddress)!);
    expect(errorCode((await c.allocate()).res)).toBe(437);
  });

  test("survives junk, truncated and oversized datagrams and keeps serving", async () => {
    const r = await relay();
    const junk = await TurnTestClient.open(r.port);
    onCleanUp(() => junk.close());
    const stun = encode(METHOD.allocate, 0, [[ATTR.requestedTransport, Buffer.from([17, 0, 0, 0])], [ATTR.username, Buffer.from("x".repeat(40))]]);
    const datagrams = [
      Buffer.alloc(0), Buffer.from([0]), Buffer.from("GET / HTTP/1.1\r\n\r\n"), stun.subarray(0, 20), stun.subarray(0, stun.length - 3),
      Buffer.concat([stun.subarray(0, 2), Buffer.from([0xff, 0xfc]), stun.subarray(4)]), Buffer.concat([stun, Buffer.alloc(60000)]),
      Buffer.from([0x40, 0x00, 0xff, 0xff, 1, 2]), Buffer.from([0x7f, 0xff, 0, 0]),
    ];
    for (let i = 0; i < 300; i++) datagrams.push(Buffer.from(crypto.getRandomValues(new Uint8Array(1 + (i % 200)))));
    // An attribute whose length runs past the message, and a known attribute with a silly length.
    const bad = Buffer.from(stun);
    bad.writeUInt16BE(0x0400, 22);
    datagrams.push(bad, encode(METHOD.allocate, 0, [[ATTR.lifetime, Buffer.alloc(9)]]));
    for (const d of datagrams) junk.sendRaw(d);

    const c = await client(r);
    expect(errorCode((await c.allocate()).res)).toBeNull();
  });

  test("answers a flood of unauthenticated requests with stateless nonces", async () => {
    const r = await relay();
    const flood = await TurnTestClient.open(r.port);
    onCleanUp(() => flood.close());
    const first = await flood.exchange(encode(METHOD.allocate, 0, []));
    for (let i = 0; i < 5000; i++) flood.sendRaw(encode(METHOD.refresh, 0, []));
    const last = await flood.exchange(encode(METHOD.allocate, 0, []));
    expect(errorCode(last)).toBe(401);
    // The nonce from before the flood still works: it is checked by its signature, not looked up.
    const c = await client(r);
    await c.allocate(); // learns a fresh nonce…
    const refresh = () => c.request(METHOD.refresh, [], undefined, 0);
    c.nonce = attr(first, ATTR.nonce)!.toString();
    expect(errorCode(await refresh())).toBeNull();
    c.nonce = `${(Date.now() + 60_000).toString(16)}.${"0".repeat(32)}`;
    expect(errorCode(await refresh())).toBe(438);
  });

  test("close() frees the listening port and every relay port", async () => {
    const r = await relay();
    const c = await client(r);
    const { relayed } = await c.allocate();
    await r.close();
    expect(await portFree(r.port)).toBe(true);
    expect(await portFree(relayed!.port)).toBe(true);
  });
});

test("node-turn's authentication keeps no state per nonce (published: a map entry and a timer each)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Authentification = require("node-turn/lib/authentification.js");
  const auth = new Authentification({ staticCredentials: {} });
  const before = Object.keys(auth).join();
  const nonces = Array.from({ length: 10_000 }, () => auth.generateNonce() as string);
  expect(Object.keys(auth).join()).toBe(before);
  expect(auth.nonces).toBeUndefined();
  expect(nonces.every((n) => auth.checkNonce(n))).toBe(true);
  expect(auth.checkNonce(nonces[0]!.replace(/.$/, (c) => (c === "0" ? "1" : "0")))).toBe(false);
});
