import { describe, expect, test } from "bun:test";
import { addressKey, ConnectionCounter, TokenBucket } from "./limits";
import { CloseCode } from "./protocol";

describe("connection limits", () => {
  test("connections are capped per address key, and released ones make room", () => {
    const c = new ConnectionCounter({ maxConnections: 100, maxConnectionsPerAddress: 2, maxRoomSize: 100 });
    expect(c.admit("198.51.100.1", 0)).toBeNull();
    expect(c.admit("198.51.100.1", 1)).toBeNull();
    expect(c.admit("198.51.100.1", 2)?.code).toBe(CloseCode.tooManyConnections);
    expect(c.admit("198.51.100.2", 2)).toBeNull();
    c.release("198.51.100.1");
    expect(c.admit("198.51.100.1", 2)).toBeNull();
    expect(c.total).toBe(3);
  });

  test("the total is capped, and refused connections are not counted", () => {
    const c = new ConnectionCounter({ maxConnections: 2, maxConnectionsPerAddress: 10, maxRoomSize: 100 });
    expect(c.admit("a", 0)).toBeNull();
    expect(c.admit("b", 0)).toBeNull();
    expect(c.admit("c", 0)).toEqual({ code: CloseCode.serverFull, reason: "server full: try again later" });
    expect(c.total).toBe(2);
    c.release("c"); // never admitted: nothing to release
    expect(c.total).toBe(2);
  });

  test("a full room turns the next device away with its own code", () => {
    const c = new ConnectionCounter({ maxConnections: 100, maxConnectionsPerAddress: 10, maxRoomSize: 3 });
    expect(c.admit("a", 2)).toBeNull();
    expect(c.admit("b", 3)).toEqual({ code: CloseCode.roomFull, reason: "room full: 3 devices on this network" });
  });

  test("close reasons fit a WebSocket close frame (123 bytes)", () => {
    const c = new ConnectionCounter({ maxConnections: 1e9, maxConnectionsPerAddress: 1, maxRoomSize: 1e9 });
    c.admit("a", 0);
    for (const r of [c.admit("a", 0), c.admit("b", 1e9), new ConnectionCounter({ maxConnections: 0, maxConnectionsPerAddress: 1, maxRoomSize: 1 }).admit("x", 0)])
      expect(new TextEncoder().encode(r!.reason).length).toBeLessThanOrEqual(123);
  });

  test("public IPv6 addresses count by /64; IPv4 and private IPv6 addresses by themselves", () => {
    expect(addressKey("2001:db8:1:2::1")).toBe(addressKey("2001:db8:1:2:ffff::9"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("fd00::1")).not.toBe(addressKey("fd00::2"));
    expect(addressKey("::ffff:198.51.100.1")).toBe("198.51.100.1");
    expect(addressKey("192.168.1.2")).not.toBe(addressKey("192.168.1.3"));
  });
});

describe("token bucket", () => {
  test("a burst passes, then the rate refills", () => {
    const b = new TokenBucket(3, 1, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(500)).toBe(false);
    expect(b.take(1500)).toBe(true);
    expect(b.take(100_000) && b.take(100_000) && b.take(100_000)).toBe(true);
    expect(b.take(100_000)).toBe(false);
  });
});
