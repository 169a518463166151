import { describe, expect, test } from "bun:test";
import { peerPolicy } from "./policy";

const base = { relayAddresses: ["203.0.113.7"], relayPortMin: 49160, relayPortMax: 49200 };
const strict = peerPolicy({ ...base, allowLoopbackPeers: false });
const dev = peerPolicy({ ...base, allowLoopbackPeers: true });

describe("peer policy", () => {
  test("public and private LAN peers may be relayed to", () => {
    for (const ip of ["198.51.100.1", "192.168.1.20", "10.0.0.5", "2001:db8::1"]) {
      expect(strict.allowsAddress(ip)).toBe(true);
      expect(strict.allowsTransport(ip, 5000)).toBe(true);
    }
  });

  test("loopback and link-local peers are refused unless the development flag allows them", () => {
    for (const ip of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1", "169.254.1.1", "fe80::1"]) {
      expect(strict.allowsAddress(ip)).toBe(false);
      expect(strict.allowsTransport(ip, 5000)).toBe(false);
      expect(dev.allowsAddress(ip)).toBe(true);
      expect(dev.allowsTransport(ip, 5000)).toBe(true);
    }
  });

  test("multicast, unspecified, broadcast and unparsable peers are always refused", () => {
    for (const ip of ["224.0.0.1", "ff02::1", "0.0.0.0", "::", "255.255.255.255", "not-an-ip", ""]) {
      expect(strict.allowsAddress(ip)).toBe(false);
      expect(dev.allowsAddress(ip)).toBe(false);
      expect(dev.allowsTransport(ip, 5000)).toBe(false);
    }
  });

  test("relay to relay: the relay's own loopback address is allowed, but only towards relay ports", () => {
    const local = peerPolicy({ ...base, relayAddresses: ["127.0.0.1", "192.168.1.2"], allowLoopbackPeers: false });
    expect(local.allowsAddress("127.0.0.1")).toBe(true);
    expect(local.allowsTransport("127.0.0.1", 49170)).toBe(true);
    expect(local.allowsTransport("127.0.0.1", 22)).toBe(false);
    expect(local.allowsTransport("::ffff:127.0.0.1", 8080)).toBe(false);
    expect(local.allowsAddress("127.0.0.2")).toBe(false);
  });

  test("the advertised external address reaches relay ports only", () => {
    expect(strict.allowsTransport("203.0.113.7", 49200)).toBe(true);
    expect(strict.allowsTransport("203.0.113.7", 8080)).toBe(false);
  });

  test("with the development flag the relay's own loopback address reaches any port", () => {
    const local = peerPolicy({ ...base, relayAddresses: ["127.0.0.1"], allowLoopbackPeers: true });
    expect(local.allowsTransport("127.0.0.1", 3480)).toBe(true);
  });
});
