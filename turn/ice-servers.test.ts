import { describe, expect, test } from "bun:test";
import type { Config } from "../src/config";
import { turnPasswordFor } from "./credentials";
import { iceServersFor } from "./ice-servers";

const NOW = 1_700_000_000_000;
const turn: Config["turn"] = {
  enabled: true,
  port: 3478,
  tlsPort: 5349,
  relayPortMin: 49160,
  relayPortMax: 49200,
  externalIp: null,
  realm: "ferry",
  secret: "s3cret",
  secretGiven: true,
  url: null,
  extraUrls: [],
  credentialTtl: 3600,
  allocationLifetime: 600,
  maxAllocationsPerClient: 10,
  maxAllocationsPerCredential: 10,
  allowLoopbackPeers: false,
  allowPrivatePeers: false,
};

const PORTS = { port: 3478, tlsPort: null };

describe("ICE servers handed to a browser", () => {
  test("the embedded relay is reached at the host the browser used, without the HTTP port", () => {
    const [stun, relay] = iceServersFor(turn, PORTS, "192.168.1.5:8080", "peer-1", NOW);
    expect(stun).toEqual({ urls: ["stun:192.168.1.5:3478"] });
    expect(relay!.urls).toEqual(["turn:192.168.1.5:3478?transport=udp", "turn:192.168.1.5:3478?transport=tcp"]);
    expect(relay!.username).toBe("1700003600:peer-1");
    expect(turnPasswordFor("s3cret", relay!.username!, NOW)).toBe(relay!.credential!);
  });

  test("host names and IPv6 literals keep their form", () => {
    expect(iceServersFor(turn, PORTS, "ferry.example.org", "p", NOW)[0]!.urls).toEqual(["stun:ferry.example.org:3478"]);
    expect(iceServersFor(turn, PORTS, "[::1]:8080", "p", NOW)[0]!.urls).toEqual(["stun:[::1]:3478"]);
    expect(iceServersFor(turn, PORTS, "[fe80::1]", "p", NOW)[1]!.urls[0]).toBe("turn:[fe80::1]:3478?transport=udp");
  });

  test("the advertised external address wins over the Host header", () => {
    expect(iceServersFor({ ...turn, externalIp: "203.0.113.7" }, PORTS, "localhost:8080", "p", NOW)[1]!.urls[0]).toBe("turn:203.0.113.7:3478?transport=udp");
    expect(iceServersFor({ ...turn, externalIp: "2001:db8::7" }, PORTS, "localhost:8080", "p", NOW)[0]!.urls).toEqual(["stun:[2001:db8::7]:3478"]);
  });

  test("TURN over TCP always, and over TLS on its own port when Ferry serves HTTPS, with the same credentials", () => {
    const [stun, relay] = iceServersFor(turn, { port: 3479, tlsPort: 5350 }, "ferry.example.org:8443", "peer-1", NOW);
    expect(stun!.urls).toEqual(["stun:ferry.example.org:3479"]);
    expect(relay!.urls).toEqual(["turn:ferry.example.org:3479?transport=udp", "turn:ferry.example.org:3479?transport=tcp", "turns:ferry.example.org:5350?transport=tcp"]);
    expect(turnPasswordFor("s3cret", relay!.username!, NOW)).toBe(relay!.credential!);
  });

  test("an external TURN server gets REST credentials from the shared secret", () => {
    const servers = iceServersFor({ ...turn, url: "turn:turn.example.org:3478" }, PORTS, "localhost:8080", "peer-1", NOW);
    expect(servers).toHaveLength(1);
    expect(servers[0]!.urls).toEqual(["turn:turn.example.org:3478"]);
    expect(turnPasswordFor("s3cret", servers[0]!.username!, NOW)).toBe(servers[0]!.credential!);
  });

  test("extra relays come after this process's own (or --turn-url), with the same credentials", () => {
    const extraUrls = ["turn:203.0.113.8:3478?transport=udp", "turns:relay2.example.org:5349"];
    const servers = iceServersFor({ ...turn, extraUrls }, PORTS, "ferry.example.org", "peer-1", NOW);
    expect(servers.map((s) => s.urls[0])).toEqual(["stun:ferry.example.org:3478", "turn:ferry.example.org:3478?transport=udp", extraUrls[0]]);
    expect(servers[2]!.urls).toEqual(extraUrls);
    expect([servers[2]!.username, servers[2]!.credential]).toEqual([servers[1]!.username, servers[1]!.credential]);
    expect(iceServersFor({ ...turn, extraUrls, url: "turn:coturn.example.org" }, PORTS, "x", "p", NOW).map((s) => s.urls[0])).toEqual(["turn:coturn.example.org", extraUrls[0]]);
    expect(iceServersFor({ ...turn, extraUrls, enabled: false }, PORTS, "x", "p", NOW).map((s) => s.urls)).toEqual([extraUrls]);
  });

  test("no relay at all when TURN is disabled", () => {
    expect(iceServersFor({ ...turn, enabled: false }, PORTS, "localhost:8080", "p", NOW)).toEqual([]);
  });
});
