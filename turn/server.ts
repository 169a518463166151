// Ferry's embedded TURN relay (RFC 8656; clients over UDP, TCP and TLS, relayed side UDP): node-turn
// 0.0.6 with our fixes (patches/node-turn@0.0.6.patch) and our stream transport (turn/tcp.ts),
// wired to TURN REST API credentials, the peer policy and quotas.
import { createSocket } from "node:dgram";
import { networkInterfaces } from "node:os";
import TurnServer from "node-turn";
import { turnPasswordFor } from "./credentials";
import { peerPolicy } from "./policy";
import { allocationVerdict, poolWatch, type AllocationHolder } from "./quota";
import { STREAM_LIMITS, listenStreams, type StreamLimits } from "./tcp";
import { createSocket as bunUdpSocket } from "./udp";
import type { Config } from "../src/config";

/** The relay's settings are the `turn` part of Ferry's config, plus where to listen and where to log. */
export type RelayOptions = Pick<
  Config["turn"],
  | "port"
  | "relayPortMin"
  | "relayPortMax"
  | "externalIp"
  | "realm"
  | "secret"
  | "allocationLifetime"
  | "maxAllocationsPerClient"
  | "maxAllocationsPerCredential"
  | "allowLoopbackPeers"
  | "allowPrivatePeers"
> & {
  listenHost: string /* e.g. "0.0.0.0" */;
  /** TURN over TLS on this port (0: any free one) with the HTTPS certificate; absent: no TLS. */
  tls?: { port: number; cert: string; key: string } | null;
  log: (level: "error" | "warn" | "info" | "debug", msg: string) => void;
  streamLimits?: StreamLimits;
};

export interface Relay {
  /** UDP and TCP. */
  port: number;
  tlsPort: number | null;
  /** TCP and TLS connections, and bytes queued for slow readers among them. */
  streamStats(): { connections: number; queuedBytes: number };
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

/** A port the OS considers free on `ip` for both UDP and TCP, for `port: 0`. */
async function freePort(ip: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createSocket(ip.includes(":") ? "udp6" : "udp4");
      s.once("error", reject);
      s.bind(0, ip, () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
    try {
      Bun.listen({ hostname: ip, port, socket: { data() {} } }).stop(true);
      return port;
    } catch (err) {
      if (attempt >= 10) throw err;
    }
  }
}

const LEVELS = { FATAL: "error", ERROR: "error", WARN: "warn", INFO: "info", DEBUG: "debug" } as const;

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const ips = listeningIps(opts.listenHost);
  if (ips.length === 0) throw new Error(`TURN relay: no address to listen on for ${opts.listenHost}`);
  const port = opts.port || (await freePort(ips[0]!));
  const policy = peerPolicy({
    allowLoopbackPeers: opts.allowLoopbackPeers,
    allowPrivatePeers: opts.allowPrivatePeers,
    relayAddresses: opts.externalIp ? [...ips, opts.externalIp] : ips,
    relayPortMin: opts.relayPortMin,
    relayPortMax: opts.relayPortMax,
  });
  // A Send indication asks the policy about its peer on every datagram; the answer for a client and
  // a transport address never changes, so keep it (bounded: a client may spray many addresses).
  const transportAllowed = new Map<string, boolean>();
  const allowsTransport = (ip: string, peerPort: number, client: string) => {
    const key = `${client}>${ip}:${peerPort}`;
    let ok = transportAllowed.get(key);
    if (ok === undefined) {
      if (transportAllowed.size >= 4096) transportAllowed.clear();
      ok = policy.allowsTransport(ip, peerPort, client);
      transportAllowed.set(key, ok);
    }
    return ok;
  };
  const poolSize = opts.relayPortMax - opts.relayPortMin + 1;
  const watchPool = poolWatch(poolSize, (used, size) =>
    opts.log("warn", `turn: relay port pool running low: ${used} of ${size} ports allocated (--turn-min-port/--turn-max-port)`),
  );

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
    peerAllowed: (ip, peerPort, client) => (peerPort === undefined ? policy.allowsAddress(ip, client) : allowsTransport(ip, peerPort, client)),
    // Bun.udpSocket under node-turn's dgram calls: about half the CPU per datagram (turn/udp.ts).
    createSocket: bunUdpSocket,
    allocationAllowed(msg) {
      // RFC 8656 §7.2 (486): count the allocations of this client address and of this credential, live and being set up.
      const next = { client: msg.transport.src.address, username: msg.getAttribute("username") ?? "" };
      const verdict = allocationVerdict(holders(), next, { perAddress: opts.maxAllocationsPerClient, perCredential: opts.maxAllocationsPerCredential });
      if (verdict.ok) return true;
      opts.log("info", `turn: allocation quota per ${verdict.reason} reached for ${next.client} (${next.username || "?"})`);
      return false;
    },
  });
  function* holders(): Iterable<AllocationHolder> {
    for (const a of Object.values(server.allocations)) yield { client: a.mappedAddress.address, username: a.user?.username ?? "" };
    for (const p of Object.values(server.pendingAllocations)) yield { client: p.client, username: p.username ?? "" };
  }
  server.software = "ferry";
  const used = () => Object.keys(server.allocations).length + Object.keys(server.pendingAllocations).length;
  server.on("allocation-created", (a) => {
    opts.log("debug", `turn: allocation ${a.relayedTransportAddress.address}:${a.relayedTransportAddress.port} for ${a.mappedAddress.address}:${a.mappedAddress.port}`);
    watchPool(used());
  });
  server.on("allocation-deleted", (a) => {
    opts.log("debug", `turn: allocation ${a.relayedTransportAddress.address}:${a.relayedTransportAddress.port} ended`);
    watchPool(used());
  });

  try {
    await server.start();
  } catch (err) {
    await server.stop();
    throw new Error(`TURN relay cannot listen on UDP port ${port}: ${(err as Error).message}`);
  }
  let streams: ReturnType<typeof listenStreams>;
  try {
    streams = listenStreams({
      server, ips, port, tls: opts.tls ?? null, limits: opts.streamLimits ?? STREAM_LIMITS,
      log: (level, msg) => opts.log(level, msg),
    });
  } catch (err) {
    await server.stop();
    throw new Error(`TURN relay cannot listen on ${(err as Error).message}`);
  }
  const tls = streams.tlsPort === null ? "" : `, TLS ${streams.tlsPort}`;
  opts.log("info", `turn: relay listening on ${ips.join(", ")} UDP and TCP ${port}${tls}, relay ports ${opts.relayPortMin}-${opts.relayPortMax}`);
  return {
    port,
    tlsPort: streams.tlsPort,
    streamStats: () => streams.stats(),
    async close() {
      streams.close();
      await server.stop();
    },
  };
}
