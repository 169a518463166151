// Ferry signaling protocol, shared by server and client. Imports nothing.
//
// Every message is one JSON object in one WebSocket text frame, with a kebab-case `type`.
//
// Server → client
//   welcome       {self, peers, iceServers}  first message after connecting: who I am, who is in my room, how to reach them
//   peer-joined   {peer}                     a device joined my room
//   peer-left     {id}                       a device left my room (closed, vanished, or timed out)
//   peer-updated  {peer}                     a device in my room changed its name
//   signal        {from, data}               WebRTC offer/answer/candidate from a peer; `from` is stamped by the server
//   ice-servers   {iceServers}               renewed TURN credentials, sent before the previous ones expire
//   error         {code, message}            my last message was refused; the connection lives on
//
// Client → server
//   signal        {to, data}                 relay WebRTC signaling data to a peer in my room
//   rename        {name}                     change my display name
//
// The server closes a connection (with one of CloseCode and a reason) only for floods; every other bad
// message gets an `error` and is dropped.

export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 40;
export const DEVICE_SEED_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export const CloseCode = {
  /** The server is shutting down or restarting; reconnect with backoff. */
  serverRestart: 1012,
  /** Too many messages too fast. */
  rateLimited: 4008,
  /** A frame larger than MAX_FRAME_BYTES. */
  tooLarge: 1009,
} as const;

export interface PeerInfo {
  id: string;
  /** Friendly display name, e.g. "Amber Otter". */
  name: string;
  /** What kind of device, from its user agent, e.g. "Chrome on Android". */
  device: string;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Opaque WebRTC signaling payload: a session description or an ICE candidate. */
export type SignalData =
  | { kind: "description"; description: { type: "offer" | "answer" | "pranswer" | "rollback"; sdp?: string } }
  | { kind: "candidate"; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null };

export type ErrorCode = "bad-json" | "bad-message" | "too-large" | "unknown-peer" | "rate-limited";

export type ServerMessage =
  | { type: "welcome"; self: PeerInfo; peers: PeerInfo[]; iceServers: IceServer[] }
  | { type: "peer-joined"; peer: PeerInfo }
  | { type: "peer-left"; id: string }
  | { type: "peer-updated"; peer: PeerInfo }
  | { type: "signal"; from: string; data: SignalData }
  | { type: "ice-servers"; iceServers: IceServer[] }
  | { type: "error"; code: ErrorCode; message: string };

export type ClientMessage =
  | { type: "signal"; to: string; data: SignalData }
  | { type: "rename"; name: string };

export type ParseResult<T> = { ok: true; message: T } | { ok: false; code: ErrorCode; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isOptString = (v: unknown) => v === undefined || v === null || typeof v === "string";
const isOptInt = (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 65536);

function parseSignalData(v: unknown): SignalData | null {
  if (!isObj(v)) return null;
  if (v.kind === "description") {
    const d = v.description;
    if (!isObj(d) || !["offer", "answer", "pranswer", "rollback"].includes(d.type as string)) return null;
    if (d.sdp !== undefined && typeof d.sdp !== "string") return null;
    return { kind: "description", description: { type: d.type as "offer", sdp: d.sdp as string | undefined } };
  }
  if (v.kind === "candidate") {
    const c = v.candidate;
    if (c === null) return { kind: "candidate", candidate: null };
    if (!isObj(c) || typeof c.candidate !== "string") return null;
    if (!isOptString(c.sdpMid) || !isOptInt(c.sdpMLineIndex) || !isOptString(c.usernameFragment)) return null;
    return {
      kind: "candidate",
      candidate: {
        candidate: c.candidate,
        sdpMid: c.sdpMid as string | null | undefined,
        sdpMLineIndex: c.sdpMLineIndex as number | null | undefined,
        usernameFragment: c.usernameFragment as string | null | undefined,
      },
    };
  }
  return null;
}

/** Display names are shown as text; we still strip control characters and bound the length. */
export function cleanName(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim().slice(0, MAX_NAME_LENGTH);
}

/** Parse one frame from a client. Never throws; returns a reason for anything it refuses. */
export function parseClientMessage(raw: string | ArrayBuffer | Uint8Array): ParseResult<ClientMessage> {
  if (typeof raw !== "string") return { ok: false, code: "bad-message", message: "binary frames are not accepted" };
  if (raw.length > MAX_FRAME_BYTES) return { ok: false, code: "too-large", message: `frame exceeds ${MAX_FRAME_BYTES} bytes` };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, code: "bad-json", message: "frame is not valid JSON" };
  }
  if (!isObj(v)) return { ok: false, code: "bad-message", message: "message must be a JSON object" };
  switch (v.type) {
    case "signal": {
      if (typeof v.to !== "string" || v.to.length === 0 || v.to.length > 64)
        return { ok: false, code: "bad-message", message: "signal.to must be a peer id" };
      const data = parseSignalData(v.data);
      if (!data) return { ok: false, code: "bad-message", message: "signal.data must be a description or a candidate" };
      return { ok: true, message: { type: "signal", to: v.to, data } };
    }
    case "rename": {
      if (typeof v.name !== "string") return { ok: false, code: "bad-message", message: "rename.name must be a string" };
      const name = cleanName(v.name);
      if (!name) return { ok: false, code: "bad-message", message: "rename.name must not be empty" };
      return { ok: true, message: { type: "rename", name } };
    }
    default:
      return { ok: false, code: "bad-message", message: `unknown message type ${JSON.stringify(String(v.type)).slice(0, 40)}` };
  }
}

/** Parse one frame from the server (client side). Returns null for anything unexpected. */
export function parseServerMessage(raw: string): ServerMessage | null {
  try {
    const v = JSON.parse(raw);
    return isObj(v) && typeof v.type === "string" ? (v as ServerMessage) : null;
  } catch {
    return null;
  }
}
