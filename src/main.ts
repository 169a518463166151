// Start Ferry: one process serving the UI, the API, WebSocket signaling and the TURN relay.
import { ConfigError, helpText, parseConfig, type Config } from "./config";
import { createLogger } from "./log";
import { loadAssets } from "./static-assets";
import { createApp } from "./app";
import { createSignaling, type SocketData } from "./signaling";
import { MemoryStore } from "./store/memory";
import type { Store } from "./store/types";
import { clientAddress, roomKeyFor } from "./room-key";
import { hasForwardingHeader, networkInfo } from "./network-info";
import { CloseCode } from "./protocol";
import { inAny, parseIp } from "./cidr";
import { originAllowed } from "./origin";
import { withSecurityHeaders } from "./security-headers";
import { lanAddresses, urlHost } from "./lan-addresses";
import { readTlsFiles, selfSignedTls, type TlsMaterial } from "./tls";
import { iceServersFor } from "../turn/ice-servers";
import type { Relay } from "../turn/server";
import pkg from "../package.json";

/** The certificate to serve, with lines to print about it; null for plain HTTP. */
async function tlsFor(config: Config): Promise<{ material: TlsMaterial; notes: string[] } | null> {
  if (config.tlsCert && config.tlsKey) return { material: readTlsFiles(config.tlsCert, config.tlsKey), notes: [] };
  if (!config.tlsSelfSigned) return null;
  const s = await selfSignedTls(config.dataDir);
  return {
    material: s,
    notes: [
      `HTTPS with a self-signed certificate ${s.created ? `(new: ${s.created})` : "(reused)"}: ${s.certPath}`,
      `  browsers will warn once; check that they show this SHA-256 fingerprint: ${s.fingerprint}`,
    ],
  };
}

/** Bun.serve's start-up failures as one line naming the option to change. */
function serveError(err: unknown, config: Config): unknown {
  const e = err as { code?: string; message?: string };
  if (e.code === "EADDRINUSE") return new ConfigError(`cannot listen on --port ${config.port} (PORT): the port is in use`);
  if (e.code === "EADDRNOTAVAIL") return new ConfigError(`cannot listen on --host ${config.host} (HOST): not an address of this machine`);
  if (e.code?.startsWith("ERR_OSSL")) return new ConfigError(`invalid --tls-cert/--tls-key (TLS_CERT/TLS_KEY): ${e.message}`);
  return err;
}

/** Addresses to print: the one the server listens on, or every LAN address for a wildcard. */
function addressesToOpen(host: string): string[] {
  if (host !== "0.0.0.0" && host !== "::") return [host];
  const lan = lanAddresses().filter((a) => host === "::" || !a.includes(":"));
  return lan.length > 0 ? lan : ["localhost"];
}

/** The shared store: Redis for several processes, else this process's memory. */
async function storeFor(config: Config, log: ReturnType<typeof createLogger>): Promise<Store> {
  if (!config.redisUrl) return new MemoryStore();
  // Loaded only when used, like the relay.
  const { RedisStore } = await import("./store/redis");
  try {
    return await RedisStore.connect(config.redisUrl, { log: (level, msg) => log[level](msg) });
  } catch (err) {
    const url = new URL(config.redisUrl);
    if (url.password) url.password = "***";
    throw new ConfigError(`cannot reach --redis-url (REDIS_URL) ${url.href}: ${(err as Error).message}`);
  }
}

async function start(config: Config) {
  const log = createLogger(config.logLevel);
  const assets = loadAssets(new URL("../dist/public", import.meta.url).pathname);
  const tls = await tlsFor(config);
  const store = await storeFor(config, log);
  let relay: Relay | null = null;
  // TURN over TLS only with a certificate: the one HTTPS serves.
  const turnTls = tls ? { port: config.turn.tlsPort, ...tls.material } : null;
  const signaling = createSignaling({
    store,
    pairCodeTtlMs: config.pairCodeTtl * 1000,
    iceServers: (host, id) => iceServersFor(config.turn, relay ?? { port: config.turn.port, tlsPort: turnTls?.port ?? null }, host, id),
    renewIceEverySeconds: config.turn.enabled || config.turn.url ? Math.max(1, Math.floor(config.turn.credentialTtl * 0.8)) : null,
    limits: config.limits,
    log,
  });
  const app = createApp({ assets, version: pkg.version, connections: () => signaling.connections, lanAddresses, log, tls: tls !== null });
  /** A small plain-text answer outside Hono, with the headers every response carries. */
  const plain = (status: number, text: string) => withSecurityHeaders(new Response(`${text}\n`, { status }), { tls: tls !== null });

  let server: ReturnType<typeof Bun.serve<SocketData, never>>;
  try {
    server = Bun.serve<SocketData, never>({
      port: config.port,
      hostname: config.host,
      // HTTPS and WSS share the port: the WebSocket upgrade arrives as an HTTPS request.
      tls: tls?.material,
      // Bun's development mode answers errors with a page of paths, source and stack; never that.
      development: false,
      fetch(req, server) {
        // An HTTP/1.0 request without Host has a relative URL, which URL cannot parse.
        if (!URL.canParse(req.url)) return plain(400, "Bad request: a Host header is required");
        if (new URL(req.url).pathname !== "/ws") return app.fetch(req, { ip: server.requestIP(req)?.address ?? "" });
        const socketAddress = server.requestIP(req)?.address ?? "";
        const socketIp = parseIp(socketAddress);
        // The browser reached us over TLS, or maybe over TLS to a trusted proxy that forwards plain HTTP.
        const schemes = tls ? (["https"] as const) : socketIp && inAny(config.trustProxy, socketIp) ? (["http", "https"] as const) : (["http"] as const);
        if (!originAllowed(req.headers.get("origin"), req.headers.get("host"), schemes, config.allowedOrigins)) {
          log.info(`ws refused: origin ${req.headers.get("origin")} is not ours (host ${req.headers.get("host")}; see --allowed-origins)`);
          return plain(403, "Forbidden: this page's origin may not connect (see --allowed-origins)");
        }
        const address = clientAddress(socketAddress, req.headers, config.trustProxy, config.clientIpHeader);
        const room = roomKeyFor(address);
        const info = networkInfo(address, room, address === socketAddress && hasForwardingHeader(req.headers));
        if (signaling.upgrade(req, server, address, room, info)) return undefined;
        return plain(426, "Expected a WebSocket upgrade");
      },
      error(err) {
        log.error(`request failed: ${err.message}`);
        return plain(500, "Internal error");
      },
      websocket: signaling.websocket,
    });
  } catch (err) {
    throw serveError(err, config);
  }

  if (config.turn.enabled && !config.turn.url) {
    // Loaded only when used: --no-turn and an external TURN server never load the relay.
    const { startRelay } = await import("../turn/server");
    try {
      relay = await startRelay({ ...config.turn, listenHost: config.host, tls: turnTls, log: (level, msg) => log[level](msg) });
    } catch (err) {
      server.stop(true);
      const message = (err as Error).message;
      const option = message.includes("TLS port") ? `--turn-tls-port ${config.turn.tlsPort} (TURN_TLS_PORT)` : `--turn-port ${config.turn.port} (TURN_PORT)`;
      throw new ConfigError(`cannot start the relay on ${option}: ${message}`);
    }
  }

  // Before the banner: whoever waits for it (a supervisor, our tests) may signal at once, and a signal that came
  // before the handlers would end the process with the default action, not a clean shutdown.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.warn(`${signal}: shutting down`);
    // 1012 "service restart": clients reconnect with backoff and find the next server (RFC 6455 §7.4, IANA registry).
    signaling.closeAll(CloseCode.serverRestart, "server restarting");
    await Promise.race([Promise.all([relay?.close(), server.stop()]), Bun.sleep(3000)]);
    // Last: the connections' ends above still use it. What they left, other processes reap.
    await Promise.race([store.close(), Bun.sleep(1000)]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  const scheme = tls ? "https" : "http";
  const [first, ...more] = addressesToOpen(config.host).map((a) => `${scheme}://${urlHost(a)}:${server.port}`);
  const banner = [`Ferry ${pkg.version} is running: open ${first} on this and other devices on your network`];
  if (more.length > 0) banner.push(`  or, on another network of this machine: ${more.join(", ")}`);
  banner.push(...(tls?.notes ?? []));
  if (relay) banner.push(`TURN relay on UDP port ${relay.port}, TCP port ${relay.port}${relay.tlsPort === null ? "" : `, TLS port ${relay.tlsPort}`}`);
  // One write: whoever waits for the "open" line (a supervisor, our tests) gets the fingerprint with it.
  console.log(banner.join("\n"));
}

try {
  const cli = parseConfig(process.argv.slice(2), process.env);
  if (cli.action === "help") console.log(helpText());
  else if (cli.action === "version") console.log(pkg.version);
  else await start(cli.config);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`ferry: ${err.message}`);
  process.exit(2);
}
