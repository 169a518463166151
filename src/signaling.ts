// Native Bun WebSocket signaling: discovery within a room and relay of WebRTC offers, answers and candidates.
// The server assigns ids and stamps `from`; every client frame is parsed at the edge (protocol.ts).
import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import { CloseCode, DEVICE_SEED_PATTERN, MAX_FRAME_BYTES, parseClientMessage, type ErrorCode, type IceServer, type PeerInfo, type ServerMessage } from "./protocol";
import { Rooms } from "./rooms";
import { deviceLabelFor, displayNameFor } from "./names";
import type { Logger } from "./log";

export interface SocketData {
  id: string;
  room: string;
  info: PeerInfo;
  /** Host header the browser used; TURN URLs are built from it. */
  host: string;
  address: string;
  tokens: number;
  lastRefill: number;
  refused: number;
  renewTimer: ReturnType<typeof setInterval> | null;
}

export interface SignalingOptions {
  iceServers: (host: string, peerId: string) => IceServer[];
  /** Re-send ICE servers (fresh TURN credentials) this often while connected; null = never. */
  renewIceEverySeconds: number | null;
  log: Logger;
}

/** Token bucket per connection: bursts of signaling (dozens of candidates) pass, floods do not. */
const RATE_BURST = 200;
const RATE_PER_SECOND = 50;
/** Refused messages tolerated before the connection is closed as a flood. */
const MAX_REFUSED = 100;
/** A vanished device (no pong) is dropped after this many seconds of silence. Bun pings before it. */
const IDLE_TIMEOUT_SECONDS = 5;

type Socket = ServerWebSocket<SocketData>;

export function createSignaling(opts: SignalingOptions) {
  const rooms = new Rooms<Socket>();
  const send = (ws: Socket, msg: ServerMessage) => ws.send(JSON.stringify(msg));
  const refuse = (ws: Socket, code: ErrorCode, message: string) => {
    send(ws, { type: "error", code, message });
    if (++ws.data.refused > MAX_REFUSED) ws.close(CloseCode.rateLimited, "too many invalid messages");
  };

  function takeToken(d: SocketData): boolean {
    const now = Date.now();
    d.tokens = Math.min(RATE_BURST, d.tokens + ((now - d.lastRefill) / 1000) * RATE_PER_SECOND);
    d.lastRefill = now;
    if (d.tokens < 1) return false;
    d.tokens -= 1;
    return true;
  }

  const websocket: WebSocketHandler<SocketData> = {
    maxPayloadLength: MAX_FRAME_BYTES,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    sendPings: true,
    open(ws) {
      const d = ws.data;
      const others = rooms.join(d.room, d.info, ws);
      send(ws, { type: "welcome", self: d.info, peers: others.map((o) => o.info), iceServers: opts.iceServers(d.host, d.id) });
      for (const o of others) send(o.conn, { type: "peer-joined", peer: d.info });
      if (opts.renewIceEverySeconds)
        d.renewTimer = setInterval(() => send(ws, { type: "ice-servers", iceServers: opts.iceServers(d.host, d.id) }), opts.renewIceEverySeconds * 1000);
      opts.log.info(`ws open ${d.id} ${d.address} room=${d.room} (${rooms.size} connected)`);
    },
    message(ws, raw) {
      if (!takeToken(ws.data)) return refuse(ws, "rate-limited", "too many messages; slow down");
      const parsed = parseClientMessage(typeof raw === "string" ? raw : new Uint8Array(raw));
      if (!parsed.ok) return refuse(ws, parsed.code, parsed.message);
      const msg = parsed.message;
      switch (msg.type) {
        case "signal": {
          const target = rooms.reachable(ws.data.id, msg.to);
          if (!target) return refuse(ws, "unknown-peer", `no peer ${JSON.stringify(msg.to.slice(0, 40))} in your room`);
          send(target.conn, { type: "signal", from: ws.data.id, data: msg.data });
          return;
        }
        case "rename": {
          const info = rooms.rename(ws.data.id, msg.name);
          if (!info) return;
          ws.data.info = info;
          for (const o of rooms.othersOf(ws.data.id)) send(o.conn, { type: "peer-updated", peer: info });
          send(ws, { type: "peer-updated", peer: info });
          return;
        }
        default:
          msg satisfies never;
      }
    },
    close(ws, code, reason) {
      const d = ws.data;
      if (d.renewTimer) clearInterval(d.renewTimer);
      for (const o of rooms.leave(d.id)) send(o.conn, { type: "peer-left", id: d.id });
      opts.log.info(`ws close ${d.id} code=${code}${reason ? ` reason=${reason}` : ""} (${rooms.size} connected)`);
    },
  };

  /** Upgrade an HTTP request to a signaling connection in the room of `address`. */
  function upgrade(req: Request, server: Server<SocketData>, address: string, room: string): boolean {
    const url = new URL(req.url);
    const seed = url.searchParams.get("device") ?? "";
    const id = crypto.randomUUID();
    const info: PeerInfo = {
      id,
      name: displayNameFor(DEVICE_SEED_PATTERN.test(seed) ? seed : id),
      device: deviceLabelFor(req.headers.get("user-agent") ?? ""),
    };
    const data: SocketData = { id, room, info, host: req.headers.get("host") ?? url.host, address, tokens: RATE_BURST, lastRefill: Date.now(), refused: 0, renewTimer: null };
    return server.upgrade(req, { data });
  }

  function closeAll(code: number, reason: string) {
    for (const m of rooms.allMembers()) m.conn.close(code, reason);
  }

  return { websocket, upgrade, closeAll, get connections() { return rooms.size; } };
}
