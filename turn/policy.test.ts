import { describe, expect, test } from "bun:test";
import { peerPolicy } from "./policy";

const base = { relayAddresses: ["203.0.113.7"], relayPortMin: 49160, relayPortMax: 49200, allowPrivatePeers: false };
const strict = peerPolicy({ ...base, allowLoopbackPeers: false });
const dev = peerPolicy({ ...base, allowLoopbackPeers: true });
/** A TURN client from the internet, and one on the relay's own LAN. */
const PUBLIC_CLIENT = "198.51.100.9";
const LAN_CLIENT = "192.168.1.50";
const PRIVATE_PEERS = ["10.0.0.5", "172.16.3.4", "172.31.255.1", "192.168.1.20", "100.64.0.1", "100.127.255.254", "fd00::20", "fc12::1", "::ffff:10.1.2.3"];

describe("peer policy", () => {
  test("public peers may be relayed to from anywhere", () => {
    for (const ip of ["198.51.100.1", "8.8.8.8", "2001:db8::1", "172.32.0.1", "100.128.0.1"]) {
      for (const client of [PUBLIC_CLIENT, LAN_CLIENT]) {
        expect(strict.allowsAddress(ip, client)).toBe(true);
        expect(strict.allowsTransport(ip, 5000, client)).toBe(true);
      }
    }
  });

  test("private and CGNAT peers are refused to a client from a public address", () => {
    for (const ip of PRIVATE_PEERS) {
      expect([ip, strict.allowsAddress(ip, PUBLIC_CLIENT)]).toEqual([ip, false]);
      expect([ip, strict.allowsTransport(ip, 5000, PUBLIC_CLIENT)]).toEqual([ip, false]);
      expect([ip, strict.allowsAddress(ip, "2001:db8::9")]).toEqual([ip, false]);
    }
  });

  test("private peers are allowed to a client that itself came from a private, CGNAT or loopback address (a LAN box)", () => {
    for (const client of [LAN_CLIENT, "10.9.9.9", "100.100.1.1", "127.0.0.1", "fd00::7", "::ffff:192.168.1.50"]) {
      for (const ip of PRIVATE_PEERS) {
        expect(strict.allowsAddress(ip, client)).toBe(true);
        expect(strict.allowsTransport(ip, 5000, client)).toBe(true);
      }
    }
  });

  test("--turn-allow-private-peers lets every client reach private peers", () => {
    const open = peerPolicy({ ...base, allowLoopbackPeers: false, allowPrivatePeers: true });
    for (const ip of PRIVATE_PEERS) expect(open.allowsTransport(ip, 5000, PUBLIC_CLIENT)).toBe(true);
    expect(open.allowsAddress("127.0.0.1", PUBLIC_CLIENT)).toBe(false);
    expect(open.allowsAddress("169.254.169.254", PUBLIC_CLIENT)).toBe(false);
  });

  test("loopback and link-local peers are refused unless the development flag allows them", () => {
    for (const ip of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1", "169.254.1.1", "fe80::1"]) {
      for (const client of [PUBLIC_CLIENT, LAN_CLIENT]) {
        expect(strict.allowsAddress(ip, client)).toBe(false);
        expect(strict.allowsTransport(ip, 5000, client)).toBe(false);
      }
      expect(dev.allowsAddress(ip, LAN_CLIENT)).toBe(true);
      expect(dev.allowsTransport(ip, 5000, LAN_CLIENT)).toBe(true);
    }
  });

  test("IPv6 forms that carry an IPv4 address are judged as that address", () => {
    const forms: [string, string][] = [
      ["64:ff9b::a9fe:a9fe", "169.254.169.254"], // NAT64 (RFC 6052)
      ["64:ff9b::7f00:1", "127.0.0.1"],
      ["64:ff9b::10.0.0.1", "10.0.0.1"],
      ["2002:a9fe:a9fe::1", "169.254.169.254"], // 6to4 (RFC 3056)
      ["2002:c0a8:0101::", "192.168.1.1"],
      ["::169.254.169.254", "169.254.169.254"], // IPv4-compatible
      ["::7f00:1", "127.0.0.1"],
      ["::ffff:0:a9fe:a9fe", "169.254.169.254"], // IPv4-translated (RFC 2765)
      ["::ffff:169.254.169.254", "169.254.169.254"], // IPv4-mapped
      ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"], // Teredo client address, bits inverted (RFC 4380)
    ];
    for (const [v6, v4] of forms) {
      expect([v6, strict.allowsAddress(v6, PUBLIC_CLIENT)]).toEqual([v6, strict.allowsAddress(v4, PUBLIC_CLIENT)]);
      expect([v6, strict.allowsAddress(v6, PUBLIC_CLIENT)]).toEqual([v6, false]);
      expect([v6, strict.allowsTransport(v6, 80, PUBLIC_CLIENT)]).toEqual([v6, false]);
    }
    // …and a public IPv4 address inside them stays reachable.
    expect(strict.allowsAddress("64:ff9b::808:808", PUBLIC_CLIENT)).toBe(true);
    expect(strict.allowsAddress("2002:808:808::1", PUBLIC_CLIENT)).toBe(true);
    // Local-use NAT64 (RFC 8215) embeds addresses where the operator likes: judged private as a whole.
    expect(strict.allowsAddress("64:ff9b:1::a9fe:a9fe", PUBLIC_CLIENT)).toBe(false);
  });

  test("multicast, unspecified, broadcast and unparsable peers are always refused", () => {
    for (const ip of ["224.0.0.1", "ff02::1", "0.0.0.0", "::", "255.255.255.255", "64:ff9b::e000:1", "not-an-ip", ""]) {
      expect(strict.allowsAddress(ip, LAN_CLIENT)).toBe(false);
      expect(dev.allowsAddress(ip, LAN_CLIENT)).toBe(false);
      expect(dev.allowsTransport(ip, 5000, LAN_CLIENT)).toBe(false);
    }
  });

  test("relay to relay: the relay's own loopback or private address is allowed, but only towards relay ports", () => {
    const local = peerPolicy({ ...base, relayAddresses: ["127.0.0.1", "192.168.1.2"], allowLoopbackPeers: false });
    for (const client of [PUBLIC_CLIENT, LAN_CLIENT]) {
      expect(local.allowsAddress("127.0.0.1", client)).toBe(true);
      expect(local.allowsTransport("127.0.0.1", 49170, client)).toBe(true);
      expect(local.allowsTransport("192.168.1.2", 49170, client)).toBe(true);
      expect(local.allowsTransport("127.0.0.1", 22, client)).toBe(false);
      expect(local.allowsTransport("::ffff:127.0.0.1", 8080, client)).toBe(false);
      expect(local.allowsTransport("64:ff9b::7f00:1", 8080, client)).toBe(false);
      expect(local.allowsAddress("127.0.0.2", client)).toBe(false);
    }
  });

  test("the advertised external address reaches relay ports only", () => {
    expect(strict.allowsTransport("203.0.113.7", 49200, PUBLIC_CLIENT)).toBe(true);
    expect(strict.allowsTransport("203.0.113.7", 8080, PUBLIC_CLIENT)).toBe(false);
  });

  test("with the development flag the relay's own loopback address reaches any port", () => {
    const local = peerPolicy({ ...base, relayAddresses: ["127.0.0.1"], allowLoopbackPeers: true });
    expect(local.allowsTransport("127.0.0.1", 3480, PUBLIC_CLIENT)).toBe(true);
  });
});
