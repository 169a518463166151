import { describe, expect, test } from "bun:test";
import { clientAddress, LOCAL_ROOM, roomKeyFor } from "./room-key";
import { parseCidr } from "./cidr";

describe("room keys", () => {
  test("a public IPv4 address is its own room", () => {
    expect(roomKeyFor("203.0.113.7")).toBe("203.0.113.7");
    expect(roomKeyFor("8.8.8.8")).not.toBe(roomKeyFor("8.8.4.4"));
  });

  test("a public IPv6 address is keyed by its /64", () => {
    expect(roomKeyFor("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(roomKeyFor("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe(roomKeyFor("2001:db8:1:2::99"));
    expect(roomKeyFor("2001:db8:1:3::1")).not.toBe(roomKeyFor("2001:db8:1:2::1"));
  });

  test("private, loopback, link-local and CGNAT addresses share the local room", () => {
    for (const a of ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.20", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.3.4", "fc00::1", "fd12:3456::1", "fe80::1%eth0", "::1"])
      expect(roomKeyFor(a)).toBe(LOCAL_ROOM);
  });

  test("addresses just outside the private ranges are public", () => {
    for (const a of ["172.32.0.1", "100.128.0.1", "11.0.0.1", "192.169.0.1"]) expect(roomKeyFor(a)).toBe(a);
  });

  test("an IPv4-mapped IPv6 address counts as the IPv4 address", () => {
    expect(roomKeyFor("::ffff:192.168.1.5")).toBe(LOCAL_ROOM);
    expect(roomKeyFor("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(roomKeyFor("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  test("garbage falls into the local room rather than a room of its own", () => {
    expect(roomKeyFor("")).toBe(LOCAL_ROOM);
    expect(roomKeyFor("not-an-ip")).toBe(LOCAL_ROOM);
  });
});

describe("client address behind proxies", () => {
  const trusted = [parseCidr("10.0.0.0/8")!, parseCidr("::1")!];
  const h = (init: Record<string, string>) => new Headers(init);

  test("forwarding headers are ignored when no proxy is trusted", () => {
    expect(clientAddress("203.0.113.9", h({ "x-forwarded-for": "198.51.100.1" }), [])).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", h({ "cf-connecting-ip": "198.51.100.1" }), [])).toBe("127.0.0.1");
  });

  test("forwarding headers from an untrusted peer are ignored", () => {
    expect(clientAddress("203.0.113.9", h({ "x-forwarded-for": "198.51.100.1" }), trusted)).toBe("203.0.113.9");
  });

  test("a trusted proxy's X-Forwarded-For gives the client address", () => {
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "198.51.100.1" }), trusted)).toBe("198.51.100.1");
    expect(clientAddress("::1", h({ "x-forwarded-for": "198.51.100.1" }), trusted)).toBe("198.51.100.1");
  });

  test("a client cannot prepend a fake address: the rightmost untrusted hop wins", () => {
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "1.2.3.4, 198.51.100.1" }), trusted)).toBe("198.51.100.1");
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "1.2.3.4, 198.51.100.1, 10.0.0.5" }), trusted)).toBe("198.51.100.1");
  });

  test("only the header the operator names is read; every other forwarding header is the client's word", () => {
    const spoof = { "cf-connecting-ip": "198.51.100.66", forwarded: "for=198.51.100.67", "x-real-ip": "198.51.100.68" };
    expect(clientAddress("10.0.0.2", h({ ...spoof, "x-forwarded-for": "203.0.113.5" }), trusted)).toBe("203.0.113.5");
    expect(clientAddress("10.0.0.2", h(spoof), trusted)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", h({ ...spoof, "x-forwarded-for": "203.0.113.5" }), trusted, "cf-connecting-ip")).toBe("198.51.100.66");
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "203.0.113.5" }), trusted, "cf-connecting-ip")).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", h(spoof), trusted, "forwarded")).toBe("198.51.100.67");
    expect(clientAddress("10.0.0.2", h(spoof), trusted, "x-real-ip")).toBe("198.51.100.68");
  });

  test("Forwarded (RFC 7239): for= of each element, walked from the right, quotes, brackets and ports stripped", () => {
    const fwd = (v: string) => clientAddress("10.0.0.2", h({ forwarded: v }), trusted, "forwarded");
    expect(fwd('for="[2001:db8::1]:443";proto=https')).toBe("2001:db8::1");
    expect(fwd("for=198.51.100.3")).toBe("198.51.100.3");
    expect(fwd("for=1.2.3.4, for=198.51.100.3;proto=http, for=10.0.0.9")).toBe("198.51.100.3");
    expect(fwd("For = 198.51.100.3")).toBe("198.51.100.3");
    expect(fwd('for="198.51.100.3:8080"')).toBe("198.51.100.3");
    // An unknown or obfuscated hop cannot be placed: stop at the proxy we trust.
    expect(fwd("for=198.51.100.3, for=unknown")).toBe("10.0.0.2");
    expect(fwd("for=198.51.100.3, proto=https")).toBe("10.0.0.2");
  });

  test("a value a trusted proxy appends to is walked from the right in every header", () => {
    expect(clientAddress("10.0.0.2", h({ "cf-connecting-ip": "1.2.3.4, 198.51.100.4" }), trusted, "cf-connecting-ip")).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "198.51.100.1:5555" }), trusted)).toBe("198.51.100.1");
  });

  test("a malformed forwarded address falls back to the socket address", () => {
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "nonsense" }), trusted)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", h({ "x-forwarded-for": "" }), trusted)).toBe("10.0.0.2");
  });
});
