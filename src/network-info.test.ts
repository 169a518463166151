import { describe, expect, test } from "bun:test";
import { hasForwardingHeader, networkInfo, networkTag } from "./network-info";
import { roomKeyFor } from "./room-key";

describe("networkInfo", () => {
  test("a private address is the local network, named so", () => {
    expect(networkInfo("192.168.1.20", roomKeyFor("192.168.1.20"), false)).toEqual({ kind: "local", family: "ipv4", tag: "local", forwardingIgnored: false });
  });

  test("a public network gets a short tag that is not its address, the same for one IPv6 /64", () => {
    const a = networkInfo("2001:db8:1:2::10", roomKeyFor("2001:db8:1:2::10"), false);
    const b = networkInfo("2001:db8:1:2::99", roomKeyFor("2001:db8:1:2::99"), false);
    expect(a).toMatchObject({ kind: "public", family: "ipv6" });
    expect(a.tag).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(b.tag).toBe(a.tag);
    expect(networkTag(roomKeyFor("198.51.100.7"))).not.toBe(networkTag(roomKeyFor("203.0.113.9")));
  });

  test("an IPv4-mapped address counts as IPv4", () => {
    expect(networkInfo("::ffff:198.51.100.7", roomKeyFor("::ffff:198.51.100.7"), false).family).toBe("ipv4");
  });

  test("any forwarding header Ferry knows counts as one", () => {
    expect(hasForwardingHeader(new Headers({ "X-Forwarded-For": "198.51.100.7" }))).toBe(true);
    expect(hasForwardingHeader(new Headers({ Forwarded: "for=198.51.100.7" }))).toBe(true);
    expect(hasForwardingHeader(new Headers({ Host: "ferry" }))).toBe(false);
  });
});
