// Start Ferry: one process serving the UI, the API, WebSocket signaling and the TURN relay.
import { ConfigError, helpText, parseConfig, type Config } from "./config";
import { createLogger } from "./log";
import { loadAssets } from "./static-assets";
import { createApp } from "./app";
import { createSignaling, type SocketData } from "./signaling";
import { clientAddress, roomKeyFor } from "./room-key";
import { CloseCode } from "./protocol";
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

async function start(config: Config) {
  const log = createLogger(config.logLevel);
  const assets = loadAssets(new URL("../dist/public", import.meta.url).pathname);
  const tls = await tlsFor(config);
  const signaling = createSignaling({
    iceServers: (host, id) => iceServersFor(config.turn, host, id),
    renewIceEverySeconds: config.turn.enabled || config.turn.url ? Math.max(1, Math.floor(config.turn.credentialTtl * 0.8)) : null,
    log,
  });
  const app = createApp({ assets, version: pkg.version, connections: () => signaling.connections, lanAddresses, log });

  let server: ReturnType<typeof Bun.serve<SocketData, never>>;
  try {
    server = Bun.serve<SocketData, never>({
      port: config.port,
      hostname: config.host,
      // HTTPS and WSS share the port: the WebSocket upgrade arrives as an HTTPS request.
      tls: tls?.material,
      fetch(req, server) {
        if (new URL(req.url).pathname === "/ws") {
          const socketAddress = server.requestIP(req)?.address ?? "";
          const address = clientAddress(socketAddress, req.headers, config.trustProxy);
          if (signaling.upgrade(req, server, address, roomKeyFor(address))) return undefined;
          return new Response("Expected a WebSocket upgrade", { status: 426 });
        }
        return app.fetch(req, { ip: server.requestIP(req)?.address ?? "" });
      },
      websocket: signaling.websocket,
    });
  } catch (err) {
    throw serveError(err, config);
  }

  let relay: Relay | null = null;
  if (config.turn.enabled && !config.turn.url) {
    // Loaded only when used: --no-turn and an external TURN server never load the relay.
    const { startRelay } = await import("../turn/server");
    try {
      relay = await startRelay({ ...config.turn, listenHost: config.host, log: (level, msg) => log[level](msg) });
    } catch (err) {
      server.stop(true);
      throw new ConfigError(`cannot start the relay on --turn-port ${config.turn.port} (TURN_PORT): ${(err as Error).message}`);
    }
  }

  const scheme = tls ? "https" : "http";
  const [first, ...more] = addressesToOpen(config.host).map((a) => `${scheme}://${urlHost(a)}:${server.port}`);
  const banner = [`Ferry ${pkg.version} is running: open ${first} on this and other devices on your network`];
  if (more.length > 0) banner.push(`  or, on another network of this machine: ${more.join(", ")}`);
  banner.push(...(tls?.notes ?? []));
  if (relay) banner.push(`TURN relay on UDP port ${relay.port}`);
  // One write: whoever waits for the "open" line (a supervisor, our tests) gets the fingerprint with it.
  console.log(banner.join("\n"));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.warn(`${signal}: shutting down`);
    // 1012 "service restart": clients reconnect with backoff and find the next server (RFC 6455 §7.4, IANA registry).
    signaling.closeAll(CloseCode.serverRestart, "server restarting");
    await Promise.race([Promise.all([relay?.close(), server.stop()]), Bun.sleep(3000)]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
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
