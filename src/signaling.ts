// Native Bun WebSocket signaling: the thin adapter between Bun's sockets and Session (session.ts).
// Every client frame is rate-limited, then parsed at the edge (protocol.ts) before a Session sees it; a Session's
// messages are handled one at a time, in order, and the connection's end is queued behind them. Connections
// take turns: each handles at most one message per turn of the event loop, so a flood on some sockets cannot
// hold up a newcomer's welcome, and what waits for its turn is bounded. Connections are counted from the
// upgrade (limits.ts), so a burst of handshakes cannot slip past the caps.
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { CloseCode, MAX_FRAME_BYTES, parseClientMessage, type ErrorCode, type IceServer, type NetworkInfo, type ServerMessage } from "./protocol";
import { deviceLabelFor } from "./names";
import { addressKey, ConnectionCounter, TokenBucket, type Refusal } from "./limits";
import { Session, type Origin, type SessionDeps } from "./session";
import { announce } from "./presence";
import { StringPool } from "./string-pool";
import { endAllSessions } from "./pairing";
import type { Store } from "./store/types";
import type { Config } from "./config";
import type { Logger } from "./log";

/**
 * A connection's Session and its socket's bookkeeping in one object, the socket's data: a few objects per
 * connection fewer than a data object, a session and a transport (bench/signaling.ts, memory per connection).
 */
export class Connection extends Session {
  /** Set when the socket opens. */
  ws: Socket | null = null;
  refused = 0;
  /** Bytes of frames received but not yet handled (waiting for their turn). */
  pending = 0;
  /** When the socket opened, then when its ICE servers were last renewed (the sweep's clock). */
  since = 0;
  /** The messages (and the end) waiting for their turn; null when none is, so an idle connection holds no promise. */
  queue: Promise<void> | null = null;
  readonly messages = new TokenBucket(RATE_BURST, RATE_PER_SECOND);

  constructor(
    deps: SessionDeps,
    origin: Origin,
    /** What counts against the per-address connection cap (limits.ts addressKey). */
    readonly addressKey: string,
    /** Set when the connection is over a limit: it is closed with this as soon as it opens. */
    readonly refusal: Refusal | null,
  ) {
    super(deps, origin);
  }

  /**
   * Bun queues what the kernel will not take yet, up to backpressureLimit, and drops (0) beyond it. A
   * dropped message breaks the conversation, and a device that does not read must not pin server
   * memory: close it, with a reason a slow but living page can still read.
   */
  send(msg: ServerMessage) {
    const ws = this.ws;
    if (ws && ws.send(JSON.stringify(msg)) === 0 && ws.readyState === WebSocket.OPEN) ws.close(CloseCode.tooSlow, "too slow: messages to this device piled up unread");
  }

  close(code: number, reason: string) {
    this.ws?.close(code, reason);
  }
}

export type SocketData = Connection;

export interface SignalingOptions {
  store: Store;
  iceServers: (host: string, deviceId: string) => IceServer[];
  pairCodeTtlMs: number;
  /** Re-send ICE servers (fresh TURN credentials) this often while connected; null = never. */
  renewIceEverySeconds: number | null;
  limits: Config["limits"];
  log: Logger;
}

/** Token bucket per connection: bursts of signaling (dozens of candidates) pass, floods do not. */
const RATE_BURST = 200;
const RATE_PER_SECOND = 50;
/** Refused messages tolerated before the connection is closed as a flood. */
const MAX_REFUSED = 100;
/**
 * Bytes of frames that may wait for their turn: --max-pending-bytes per connection, this many times that over
 * all of them. Beyond either, a frame is refused at once, unparsed ("rate-limited"): the server sheds a flood
 * at the socket instead of queueing it. Not counted against MAX_REFUSED: the sender is early, not wrong.
 */
const PENDING_TOTAL_FACTOR = 128;
/** A vanished device (no pong) is dropped after this many seconds of silence. Bun pings before it. */
const IDLE_TIMEOUT_SECONDS = 5;
/** A connection that has not proven a device key by then is closed. */
const HELLO_TIMEOUT_MS = 10_000;
/**
 * Hello deadlines and ICE renewals are checked by one sweep this often, not a timer per connection: a timer
 * and its closure cost more than the rest of an idle connection (bench/signaling.ts).
 */
const SWEEP_MS = 1000;

type Socket = ServerWebSocket<Connection>;

/** Unique per connection across processes sharing a store: a random process prefix and a counter. */
const PROCESS = crypto.getRandomValues(new Uint32Array(2)).join("-");
let connections = 0;
/** Connections name few hosts and have few labels: one string each (bounded: both come from the client). */
const hosts = new StringPool(64);
const labels = new StringPool(256);
/** The end of this turn of the event loop: every connection with work takes one step per turn. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSignaling(opts: SignalingOptions) {
  const sockets = new Set<Socket>();
  let pendingTotal = 0;
  const counter = new ConnectionCounter(opts.limits);
  const refuse = (c: Connection, code: ErrorCode, message: string) => {
    c.send({ type: "error", code, message });
    if (++c.refused > MAX_REFUSED) c.close(CloseCode.rateLimited, "too many invalid messages");
  };
  const renewMs = opts.renewIceEverySeconds ? opts.renewIceEverySeconds * 1000 : null;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const ws of sockets) {
      const c = ws.data;
      if (!c.device) {
        if (now - c.since >= HELLO_TIMEOUT_MS) ws.close(CloseCode.authFailed, "no hello in time");
      } else if (renewMs !== null && now - c.since >= renewMs) {
        c.since = now;
        const iceServers = c.iceServers();
        if (iceServers) c.send({ type: "ice-servers", iceServers });
      }
    }
  }, SWEEP_MS);
  sweep.unref();
  const enqueue = (c: Connection, job: () => Promise<void>) => {
    const queue: Promise<void> = (c.queue ?? Promise.resolve())
      .then(job)
      .catch((err: Error) => opts.log.error(`signaling ${c.conn}: ${err.stack ?? err.message}`))
      .then(() => {
        if (c.queue === queue) c.queue = null;
      });
    c.queue = queue;
  };

  const websocket: WebSocketHandler<Connection> = {
    maxPayloadLength: MAX_FRAME_BYTES,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPings: true,
    backpressureLimit: opts.limits.sendBufferBytes,
    // Anything past the limit that our send() does not see (pings, close frames) ends the socket too.
    closeOnBackpressureLimit: true,
    open(ws) {
      const c = ws.data;
      if (c.refusal) {
        opts.log.info(`ws refused ${c.address} network=${c.network}: ${c.refusal.reason}`);
        return ws.close(c.refusal.code, c.refusal.reason);
      }
      sockets.add(ws);
      c.since = Date.now();
      c.ws = ws;
      c.start();
      opts.log.info(`ws open ${c.conn} ${c.address} network=${c.network} (${sockets.size} connected)`);
    },
    message(ws, raw) {
      const c = ws.data;
      if (c.refusal) return;
      if (!c.messages.take()) return refuse(c, "rate-limited", "too many messages; slow down");
      // A binary frame's bytes are Bun's only until this returns: copied to wait for their turn.
      const frame = typeof raw === "string" ? raw : new Uint8Array(raw);
      const size = frame.length;
      if (c.pending + size > opts.limits.pendingBytes || pendingTotal + size > opts.limits.pendingBytes * PENDING_TOTAL_FACTOR)
        return c.send({ type: "error", code: "rate-limited", message: "the server has not caught up with your earlier messages; slow down" });
      c.pending += size;
      pendingTotal += size;
      enqueue(c, async () => {
        await nextTurn();
        c.pending -= size;
        pendingTotal -= size;
        const parsed = parseClientMessage(frame);
        if (!parsed.ok) return refuse(c, parsed.code, parsed.message);
        await c.handle(parsed.message);
      });
    },
    close(ws, code, reason) {
      const c = ws.data;
      if (c.refusal) return;
      counter.release(c.addressKey);
      sockets.delete(ws);
      enqueue(c, () => c.end());
      opts.log.info(`ws close ${c.conn} device=${c.device ?? "-"} code=${code}${reason ? ` reason=${reason}` : ""} (${sockets.size} connected)`);
    },
  };

  /** Upgrade an HTTP request to a signaling connection in the network room `network`. */
  function upgrade(req: Request, server: Server<Connection>, address: string, network: string, networkInfo: NetworkInfo): boolean {
    const url = new URL(req.url);
    // An IPv4 address is its own key and its own network: keep one string, not three equal ones.
    const k = addressKey(address);
    const key = k === address ? address : k;
    const origin = {
      conn: `${PROCESS}:${++connections}`,
      address,
      network: network === address ? address : network,
      host: hosts.take(req.headers.get("host") ?? url.host),
      label: labels.take(deviceLabelFor(req.headers.get("user-agent") ?? "")),
      networkInfo,
    };
    // The network's size is checked at hello, against the shared store; the process-wide caps here.
    const data = new Connection(opts, origin, key, counter.admit(key, 0));
    if (server.upgrade(req, { data })) return true;
    if (!data.refusal) counter.release(key);
    return false;
  }

  function closeAll(code: number, reason: string) {
    for (const ws of sockets) ws.close(code, reason);
  }

  opts.store.watch({
    // Its process stopped without a word: its peers must still hear that it left.
    async lost(gone) {
      await announce(opts.store, gone, null);
      await endAllSessions(opts.store, gone);
    },
    // Other processes may have taken our devices for gone: reconnecting makes them present again.
    evicted: () => closeAll(CloseCode.serverRestart, "reconnect: the server lost its place in the shared store"),
  });

  return { websocket, upgrade, closeAll, get connections() { return sockets.size; } };
}
