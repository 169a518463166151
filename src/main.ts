// Start Ferry: one process serving the UI, the API, WebSocket signaling and the TURN relay.
import { ConfigError, helpText, parseConfig, type Config } from "./config";
import { createLogger } from "./log";
import { loadAssets } from "./static-assets";
import { createApp } from "./app";
import { createSignaling, type SocketData } from "./signaling";
import { clientAddress, roomKeyFor } from "./room-key";
import { CloseCode } from "./protocol";
import { iceServersFor } from "../turn/ice-servers";
import type { Relay } from "../turn/server";
import pkg from "../package.json";

async function start(config: Config) {
  const log = createLogger(config.logLevel);
  const assets = loadAssets(new URL("../dist/public", import.meta.url).pathname);
  const signaling = createSignaling({
    iceServers: (host, id) => iceServersFor(config.turn, host, id),
    renewIceEverySeconds: config.turn.enabled || config.turn.url ? Math.max(1, Math.floor(config.turn.credentialTtl * 0.8)) : null,
    log,
  });
  const app = createApp({ assets, version: pkg.version, connections: () => signaling.connections, log });

  const server = Bun.serve<SocketData, never>({
    port: config.port,
    hostname: config.host,
    fetch(req, server) {
      if (new URL(req.url).pathname === "/ws") {
        const socketAddress = server.requestIP(req)?.address ?? "";
        const address = clientAddress(socketAddress, req.headers, config.trustProxy);
        if (signaling.upgrade(req, server, address, roomKeyFor(address))) return undefined;
        return new Response("Expected a WebSocket upgrade", { status: 426 });
      }
      return app.fetch(req);
    },
    websocket: signaling.websocket,
  });

  let relay: Relay | null = null;
  if (config.turn.enabled && !config.turn.url) {
    // Loaded only when used: --no-turn and an external TURN server never load the relay.
    const { startRelay } = await import("../turn/server");
    relay = await startRelay({
      listenHost: config.host,
      port: config.turn.port,
      relayPortMin: config.turn.relayPortMin,
      relayPortMax: config.turn.relayPortMax,
      externalIp: config.turn.externalIp,
      realm: config.turn.realm,
      secret: config.turn.secret,
      allocationLifetime: config.turn.allocationLifetime,
      maxAllocationsPerClient: config.turn.maxAllocationsPerClient,
      allowLoopbackPeers: config.turn.allowLoopbackPeers,
      log: (level: keyof typeof log, msg: string) => log[level](`turn: ${msg}`),
    });
  }

  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  console.log(`Ferry ${pkg.version} is running: open http://${shown}:${server.port} on this and other devices on your network`);
  if (relay) console.log(`TURN relay on UDP port ${relay.port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.warn(`${signal}: shutting down`);
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
