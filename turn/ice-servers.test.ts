import { describe, expect, test } from "bun:test";
import type { Config } from "../src/config";
import { turnPasswordFor } from "./credentials";
import { iceServersFor } from "./ice-servers";

const NOW = 1_700_000_000_000;
const turn: Config["turn"] = {
  enabled: true,
  port: 3478,
  relayPortMin: 49160,
  relayPortMax: 49200,
  externalIp: null,
  realm: "ferry",
  secret: "s3cret",
  secretGiven: true,
  url: null,
  credentialTtl: 3600,
  allocationLifetime: 600,
  maxAllocationsPerClient: 10,
  allowLoopbackPeers: false,
};

describe("ICE servers handed to a browser", () => {
  test("the embedded relay is reached at the host the browser used, without the HTTP port", () => {
    const [stun, relay] = iceServersFor(turn, "192.168.1.5:8080", "peer-1", NOW);
    expect(stun).toEqual({ urls: ["stun:192.168.1.5:3478"] });
    expect(relay!.urls).toEqual(["turn:192.168.1.5:3478?transport=udp"]);
    expect(relay!.username).toBe("1700003600:peer-1");
    expect(turnPasswordFor("s3cret", relay!.username!, NOW)).toBe(relay!.credential!);
  });

  test("host names and IPv6 literals keep their form", () => {
    expect(iceServersFor(turn, "ferry.example.org", "p", NOW)[0]!.urls).toEqual(["stun:ferry.example.org:3478"]);
    expect(iceServersFor(turn, "[::1]:8080", "p", NOW)[0]!.urls).toEqual(["stun:[::1]:3478"]);
    expect(iceServersFor(turn, "[fe80::1]", "p", NOW)[1]!.urls).toEqual(["turn:[fe80::1]:3478?transport=udp"]);
  });

  test("the advertised external address wins over the Host header", () => {
    expect(iceServersFor({ ...turn, externalIp: "203.0.113.7" }, "localhost:8080", "p", NOW)[1]!.urls).toEqual(["turn:203.0.113.7:3478?transport=udp"]);
    expect(iceServersFor({ ...turn, externalIp: "2001:db8::7" }, "localhost:8080", "p", NOW)[0]!.urls).toEqual(["stun:[2001:db8::7]:3478"]);
  });

  test("an external TURN server gets REST credentials from the shared secret", () => {
    const servers = iceServersFor({ ...turn, url: "turn:turn.example.org:3478" }, "localhost:8080", "peer-1", NOW);
    expect(servers).toHaveLength(1);
    expect(servers[0]!.urls).toEqual(["turn:turn.example.org:3478"]);
    expect(turnPasswordFor("s3cret", servers[0]!.username!, NOW)).toBe(servers[0]!.credential!);
  });

  test("no relay at all when TURN is disabled", () => {
    expect(iceServersFor({ ...turn, enabled: false }, "localhost:8080", "p", NOW)).toEqual([]);
  });
});
