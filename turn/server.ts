// Ferry's embedded TURN relay (RFC 8656, UDP): node-turn 0.0.6 with our fixes
// (patches/node-turn@0.0.6.patch), wired to TURN REST API credentials, the peer policy and quotas.
import { createSocket } from "node:dgram";
import { networkInterfaces } from "node:os";
import TurnServer from "node-turn";
import { turnPasswordFor } from "./credentials";
import { peerPolicy } from "./policy";
import { createSocket as bunUdpSocket } from "./udp";
import type { Config } from "../src/config";

/** The relay's settings are the `turn` part of Ferry's config, plus where to listen and where to log. */
export type RelayOptions = Pick<
  Config["turn"],
  "port" | "relayPortMin" | "relayPortMax" | "externalIp" | "realm" | "secret" | "allocationLifetime" | "maxAllocationsPerClient" | "allowLoopbackPeers"
> & {
  listenHost: string /* e.g. "0.0.0.0" */;
  log: (level: "error" | "warn" | "info" | "debug", msg: string) => void;
};

export interface Relay {
  port: number;
  close(): Promise<void>;
}

/**
 * node-turn binds each relay socket to the address the client reached, but a socket bound to a
 * wildcard cannot tell which that was (nodejs/node#1649). So a wildcard becomes one listening
 * socket per interface address ("0.0.0.0": IPv4 ones, "::": all but link-local).
 */
function listeningIps(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [host];
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && (i.family === "IPv4" || (host === "::" && !i.address.startsWith("fe80:"))))
    .map((i) => i!.address);
}

/** A UDP port the OS considers free on `ip`, for `port: 0`. */
function freeUdpPort(ip: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket(ip.includes(":") ? "udp6" : "udp4");
    s.once("error", reject);
    s.bind(0, ip, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const LEVELS = { FATAL: "error", ERROR: "error", WARN: "warn", INFO: "info", DEBUG: "debug" } as const;

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const ips = listeningIps(opts.listenHost);
  if (ips.length === 0) throw new Error(`TURN relay: no address to listen on for ${opts.listenHost}`);
  const port = opts.port || (await freeUdpPort(ips[0]!));
  const policy = peerPolicy({
    allowLoopbackPeers: opts.allowLoopbackPeers,
    relayAddresses: opts.externalIp ? [...ips, opts.externalIp] : ips,
    relayPortMin: opts.relayPortMin,
    relayPortMax: opts.relayPortMax,
  });
  // A Send indication asks the policy about its peer on every datagram; the answer for a transport
  // address never changes, so keep it (bounded: a client may spray many addresses).
  const transportAllowed = new Map<string, boolean>();
  const allowsTransport = (ip: string, peerPort: number) => {
    const key = `${ip}:${peerPort}`;
    let ok = transportAllowed.get(key);
    if (ok === undefined) {
      if (transportAllowed.size >= 4096) transportAllowed.clear();
      ok = policy.allowsTransport(ip, peerPort);
      transportAllowed.set(key, ok);
    }
    return ok;
  };

  const server: TurnServer = new TurnServer({
    listeningIps: ips,
    listeningPort: port,
    externalIps: opts.externalIp,
    minPort: opts.relayPortMin,
    maxPort: opts.relayPortMax,
    maxAllocateLifetime: opts.allocationLifetime,
    defaultAllocatetLifetime: 600, // RFC 8656 §7.2; node-turn caps it at the maximum
    authMech: "long-term",
    realm: opts.realm,
    // Keeps node-turn from formatting every message for its TRACE/DEBUG lines on the hot path.
    debugLevel: "INFO",
    debug(level, msg) {
      const ours = level in LEVELS ? LEVELS[level as keyof typeof LEVELS] : null;
      if (ours) opts.log(ours, `turn: ${msg instanceof Error ? msg.message : String(msg)}`);
    },
    passwordFor: (username) => turnPasswordFor(opts.secret, username),
    peerAllowed: (ip, peerPort) => (peerPort === undefined ? policy.allowsAddress(ip) : allowsTransport(ip, peerPort)),
    // Bun.udpSocket under node-turn's dgram calls: about half the CPU per datagram (turn/udp.ts).
    createSocket: bunUdpSocket,
    allocationAllowed(msg) {
      // RFC 8656 §7.2 (486): count this client address's allocations, live and being set up.
      const client = msg.transport.src.address;
      const live = Object.values(server.allocations).filter((a) => a.mappedAddress.address === client).length;
      const pending = Object.values(server.pendingAllocations).filter((p) => p.client === client).length;
      if (live + pending < opts.maxAllocationsPerClient) return true;
      opts.log("info", `turn: allocation quota reached for ${client} (${msg.getAttribute("username") ?? "?"})`);
      return false;
    },
  });
  server.software = "ferry";
  server.on("allocation-created", (a) => opts.log("debug", `turn: allocation ${a.relayedTransportAddress.address}:${a.relayedTransportAddress.port} for ${a.mappedAddress.address}:${a.mappedAddress.port}`));
  server.on("allocation-deleted", (a) => opts.log("debug", `turn: allocation ${a.relayedTransportAddress.address}:${a.relayedTransportAddress.port} ended`));

  try {
    await server.start();
  } catch (err) {
    await server.stop();
    throw new Error(`TURN relay cannot listen on UDP port ${port}: ${(err as Error).message}`);
  }
  opts.log("info", `turn: relay listening on ${ips.join(", ")} UDP ${port}, relay ports ${opts.relayPortMin}-${opts.relayPortMax}`);
  return { port, close: () => server.stop() };
}
