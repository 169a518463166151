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
import { Session, type Transport } from "./session";
import { announce } from "./presence";
import { endAllSessions } from "./pairing";
import type { Store } from "./store/types";
import type { Config } from "./config";
import type { Logger } from "./log";

export interface SocketData {
  session: Session;
  /** What counts against the per-address connection cap (limits.ts addressKey). */
  addressKey: string;
  /** Set when the connection is over a limit: it is closed with this as soon as it opens. */
  refusal: Refusal | null;
  messages: TokenBucket;
  refused: number;
  /** Bytes of frames received but not yet handled (waiting for their turn). */
  pending: number;
  /** When the socket opened, then when its ICE servers were last renewed (the sweep's clock). */
  since: number;
  queue: Promise<void>;
}

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

type Socket = ServerWebSocket<SocketData>;

/** Unique per connection across processes sharing a store: a random process prefix and a counter. */
const PROCESS = crypto.getRandomValues(new Uint32Array(2)).join("-");
let connections = 0;
/** The end of this turn of the event loop: every connection with work takes one step per turn. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSignaling(opts: SignalingOptions) {
  const sockets = new Set<Socket>();
  let pendingTotal = 0;
  const counter = new ConnectionCounter(opts.limits);
  /**
   * Bun queues what the kernel will not take yet, up to backpressureLimit, and drops (0) beyond it. A
   * dropped message breaks the conversation, and a device that does not read must not pin server
   * memory: close it, with a reason a slow but living page can still read.
   */
  const send = (ws: Socket, msg: ServerMessage) => {
    if (ws.send(JSON.stringify(msg)) === 0 && ws.readyState === WebSocket.OPEN) ws.close(CloseCode.tooSlow, "too slow: messages to this device piled up unread");
  };
  const refuse = (ws: Socket, code: ErrorCode, message: string) => {
    send(ws, { type: "error", code, message });
    if (++ws.data.refused > MAX_REFUSED) ws.close(CloseCode.rateLimited, "too many invalid messages");
  };
  /** What a Session sends through: one small object per socket, its methods shared. */
  class SocketTransport implements Transport {
    constructor(private readonly ws: Socket) {}
    send(msg: ServerMessage) {
      send(this.ws, msg);
    }
    close(code: number, reason: string) {
      this.ws.close(code, reason);
    }
  }
  const renewMs = opts.renewIceEverySeconds ? opts.renewIceEverySeconds * 1000 : null;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const ws of sockets) {
      const d = ws.data;
      if (!d.session.device) {
        if (now - d.since >= HELLO_TIMEOUT_MS) ws.close(CloseCode.authFailed, "no hello in time");
      } else if (renewMs !== null && now - d.since >= renewMs) {
        d.since = now;
        const iceServers = d.session.iceServers();
        if (iceServers) send(ws, { type: "ice-servers", iceServers });
      }
    }
  }, SWEEP_MS);
  sweep.unref();
  const enqueue = (ws: Socket, job: () => Promise<void>) => {
    ws.data.queue = ws.data.queue.then(job).catch((err: Error) => opts.log.error(`signaling ${ws.data.session.origin.conn}: ${err.stack ?? err.message}`));
  };

  const websocket: WebSocketHandler<SocketData> = {
    maxPayloadLength: MAX_FRAME_BYTES,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPings: true,
    backpressureLimit: opts.limits.sendBufferBytes,
    // Anything past the limit that our send() does not see (pings, close frames) ends the socket too.
    closeOnBackpressureLimit: true,
    open(ws) {
      const d = ws.data;
      const origin = d.session.origin;
      if (d.refusal) {
        opts.log.info(`ws refused ${origin.address} network=${origin.network}: ${d.refusal.reason}`);
        return ws.close(d.refusal.code, d.refusal.reason);
      }
      sockets.add(ws);
      d.since = Date.now();
      d.session.start(new SocketTransport(ws));
      opts.log.info(`ws open ${origin.conn} ${origin.address} network=${origin.network} (${sockets.size} connected)`);
    },
    message(ws, raw) {
      const d = ws.data;
      if (d.refusal) return;
      if (!d.messages.take()) return refuse(ws, "rate-limited", "too many messages; slow down");
      // A binary frame's bytes are Bun's only until this returns: copied to wait for their turn.
      const frame = typeof raw === "string" ? raw : new Uint8Array(raw);
      const size = frame.length;
      if (d.pending + size > opts.limits.pendingBytes || pendingTotal + size > opts.limits.pendingBytes * PENDING_TOTAL_FACTOR)
        return send(ws, { type: "error", code: "rate-limited", message: "the server has not caught up with your earlier messages; slow down" });
      d.pending += size;
      pendingTotal += size;
      enqueue(ws, async () => {
        await nextTurn();
        d.pending -= size;
        pendingTotal -= size;
        const parsed = parseClientMessage(frame);
        if (!parsed.ok) return refuse(ws, parsed.code, parsed.message);
        await d.session.handle(parsed.message);
      });
    },
    close(ws, code, reason) {
      const d = ws.data;
      if (d.refusal) return;
      counter.release(d.addressKey);
      sockets.delete(ws);
      enqueue(ws, () => d.session.end());
      opts.log.info(`ws close ${d.session.origin.conn} device=${d.session.device ?? "-"} code=${code}${reason ? ` reason=${reason}` : ""} (${sockets.size} connected)`);
    },
  };

  /** Upgrade an HTTP request to a signaling connection in the network room `network`. */
  function upgrade(req: Request, server: Server<SocketData>, address: string, network: string, networkInfo: NetworkInfo): boolean {
    const url = new URL(req.url);
    const origin = { conn: `${PROCESS}:${++connections}`, address, network, host: req.headers.get("host") ?? url.host, label: deviceLabelFor(req.headers.get("user-agent") ?? ""), networkInfo };
    // An IPv4 address is its own key: keep one string, not two equal ones.
    const k = addressKey(address);
    const key = k === address ? address : k;
    const data: SocketData = {
      session: new Session(opts, origin),
      addressKey: key,
      // The network's size is checked at hello, against the shared store; the process-wide caps here.
      refusal: counter.admit(key, 0),
      messages: new TokenBucket(RATE_BURST, RATE_PER_SECOND),
      refused: 0,
      pending: 0,
      since: 0,
      queue: Promise.resolve(),
    };
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
