import { describe, expect, test } from "bun:test";
import { candidateType, diagnose, type DiagnosticFacts } from "./diagnostics";

const base: DiagnosticFacts = {
  signaling: "online",
  peers: 1,
  room: null,
  online: true,
  cellular: false,
  pairedAway: 0,
  relay: true,
  network: { kind: "public", family: "ipv4", tag: "K7Q2", forwardingIgnored: false },
  lastAttempt: null,
};
const failed = { peerName: "Amber Otter", ice: "failed", outcome: "no-path" as const, local: ["host" as const], remote: ["host" as const] };

describe("diagnose", () => {
  test("nothing looks wrong with a device in sight and no failed attempt", () => {
    expect(diagnose(base)).toEqual([]);
    expect(diagnose({ ...base, lastAttempt: { ...failed, ice: "connected", outcome: "open" } })).toEqual([]);
  });

  test("a signaling socket that is down is the one cause, whatever else was known", () => {
    for (const signaling of ["offline", "connecting"] as const) expect(diagnose({ ...base, signaling, peers: 0, lastAttempt: failed })).toEqual(["server-unreachable"]);
    expect(diagnose({ ...base, signaling: "replaced" })).toEqual(["replaced"]);
    expect(diagnose({ ...base, online: false, signaling: "offline" })).toEqual(["offline"]);
  });

  test("a failed attempt without a relay is no direct path; with one, the relay failed too", () => {
    expect(diagnose({ ...base, relay: false, lastAttempt: failed })).toEqual(["no-direct-path"]);
    expect(diagnose({ ...base, relay: false, lastAttempt: { ...failed, outcome: "lost" } })).toEqual(["no-direct-path"]);
    expect(diagnose({ ...base, lastAttempt: { ...failed, local: ["host", "relay"] } })).toEqual(["relay-failed"]);
    // A refused proof is not a network problem: the tile says so.
    expect(diagnose({ ...base, relay: false, lastAttempt: { ...failed, outcome: "refused" } })).toEqual([]);
    expect(diagnose({ ...base, relay: false, lastAttempt: { ...failed, outcome: "trying", ice: "checking" } })).toEqual([]);
  });

  test("alone in a temporary room points at the room's code", () => {
    expect(diagnose({ ...base, peers: 0, room: "ABCDEFGH" })).toEqual(["room-alone"]);
  });

  test("alone on a network says which kind, IPv6 and mobile data adding their own", () => {
    expect(diagnose({ ...base, peers: 0 })).toEqual(["alone-public"]);
    expect(diagnose({ ...base, peers: 0, network: { ...base.network!, family: "ipv6" } })).toEqual(["alone-public", "ipv6-split"]);
    expect(diagnose({ ...base, peers: 0, network: { ...base.network!, kind: "local", tag: "local" } })).toEqual(["alone-local"]);
    expect(diagnose({ ...base, peers: 0, cellular: true })).toEqual(["alone-public", "mobile-data"]);
  });

  test("a paired device that is not online is named, beside what else is found", () => {
    expect(diagnose({ ...base, pairedAway: 1 })).toEqual(["paired-away"]);
    expect(diagnose({ ...base, peers: 0, pairedAway: 2 })).toEqual(["alone-public", "paired-away"]);
  });

  test("a proxy whose forwarding header was not trusted is named first", () => {
    expect(diagnose({ ...base, network: { ...base.network!, forwardingIgnored: true } })).toEqual(["proxy-untrusted"]);
  });
});

describe("candidateType", () => {
  test("reads the typ of a candidate line", () => {
    expect(candidateType("candidate:1 1 udp 2122260223 10.0.0.2 5000 typ host generation 0")).toBe("host");
    expect(candidateType("candidate:2 1 udp 1686052607 203.0.113.9 6000 typ srflx raddr 10.0.0.2 rport 5000")).toBe("srflx");
    expect(candidateType("candidate:3 1 udp 41885439 198.51.100.1 50100 typ relay raddr 0.0.0.0 rport 0")).toBe("relay");
    expect(candidateType("candidate:4 1 udp 1 10.0.0.2 5000 typ bogus")).toBeNull();
    expect(candidateType("")).toBeNull();
  });
});
