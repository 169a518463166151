// Ferry signaling protocol, shared by server and client. Imports nothing.
//
// Every message is one JSON object in one WebSocket text frame, with a kebab-case `type`.
//
// Server → client
//   challenge      {challenge}                first message: sign this with your device key and answer `hello`
//   welcome        {self, peers, iceServers, room, network}  after a valid hello: who I am (my device), whom I see,
//                                             TURN, my temporary room, and the network I was put in (never an address)
//   peer-joined    {peer}                     a device became visible to me (same network, room or pairing)
//   peer-left      {id}                       a device is no longer visible (closed, vanished, unpaired, left)
//   peer-updated   {peer}                     a visible device changed its name (or moved to its other tab)
//   signal         {from, data}               WebRTC offer/answer/candidate, or a knock (start a link to me), from a
//                                             device; `from` is stamped by the server
//   ice-servers    {iceServers}               renewed TURN credentials, sent before the previous ones expire
//   pair-code      {code, ttlSeconds}         my pairing code, for another device to enter (valid once, briefly)
//   pair-start     {peer}                     a device entered my code, or I entered its: we see each other; verify, confirm
//   pair-cancelled {id}                       the pairing with that device was called off (by it, or it left)
//   paired         {id}                       both of us confirmed: keep its key (from the channel proof) and name
//   unpaired       {id}                       that device ended our pairing, now or while I was away: forget it
//   room           {code}                     the temporary room I am in now (null: none, or it has ended)
//   error          {code, message}            my last message was refused; the connection lives on
//
// Client → server
//   hello          {publicKey, signature, name, paired, unpaired, room}  answer to `challenge`: my key, its
//                                             signature over the challenge, my chosen name, the devices I am
//                                             paired with, those I unpaired while they were away, my room
//   signal         {to, data}                 relay WebRTC signaling data to a device I see; data names its link
//   rename         {name}                     change my display name
//   pair-code-request {}                      give me a pairing code (replacing my previous one)
//   pair-join      {code}                     I entered another device's pairing code
//   pair-confirm   {id}                       I confirm pairing with that device (after comparing the verification code)
//   pair-cancel    {id}                       call off pairing with that device; id null: drop my code and every pairing in progress
//   unpair         {id}                       end my pairing with that device (on both ends)
//   room-create    {}                         make a temporary room and put me in it
//   room-join      {code}                     join a temporary room by its code
//   room-leave     {}                         leave my temporary room
//
// Until a valid hello, anything but hello is refused (`not-authenticated`). The server closes a connection
// (with one of CloseCode and a reason) for floods, for a client that does not read what it is sent, for a
// connection over a limit (server, address or room full), for a failed or missing hello, and when the
// device connects again elsewhere (another tab); every other bad message gets an `error` and is dropped.

export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 40;
/** A device id: base64url of 16 bytes (src/identity/device-id.ts). */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** How many paired (and unpaired) devices one hello may list. */
export const MAX_PAIRINGS = 100;
export const PAIR_CODE_PATTERN = /^\d{6}$/;
/** Crockford base32, as src/codes.ts makes them. */
export const ROOM_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{8}$/;

export const CloseCode = {
  /** The server is shutting down or restarting; reconnect with backoff. */
  serverRestart: 1012,
  /** The server holds as many connections as it may (--max-connections); try again later (RFC 6455 §7.4.1, IANA). */
  serverFull: 1013,
  /** Too many messages too fast. */
  rateLimited: 4008,
  /** Messages to this connection piled up unread (--max-send-buffer): the device stopped reading. */
  tooSlow: 4009,
  /** This client address already holds --max-connections-per-address connections (tabs, devices behind one NAT). */
  tooManyConnections: 4029,
  /** This room (network) already holds --max-room-size devices. */
  roomFull: 4030,
  /** A frame larger than MAX_FRAME_BYTES. */
  tooLarge: 1009,
  /** No valid hello: a wrong key or signature, or none in time. */
  authFailed: 4001,
  /** The same device connected again (another tab of this browser); this page must not reconnect by itself. */
  replaced: 4002,
} as const;
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export interface PeerInfo {
  /** The device id: stable across reconnects, the address of signals. */
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

/**
 * Opaque WebRTC signaling payload: a session description, an ICE candidate, or a knock: the polite end of a
 * new link asks the other end to make the first offer (two first offers at once stalled Chromium's ICE).
 */
export type SignalBody =
  | { kind: "knock" }
  | { kind: "description"; description: { type: "offer" | "answer" | "pranswer" | "rollback"; sdp?: string } }
  | { kind: "candidate"; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null };

/**
 * A signal names the connection attempt (link) it comes from, and the peer's link it answers once that is known,
 * so that signals of attempts that were replaced meanwhile (a long cut, two ends retrying) reach nobody.
 */
export type SignalData = SignalBody & { link: string; to?: string };

/** A link's id: random, per connection attempt. */
export const LINK_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

/**
 * bad-json, bad-message, too-large  the frame itself was unreadable
 * bad-name                          a rename to a name with nothing visible in it
 * unknown-peer                      a signal to a device I cannot see
 * rate-limited                      too many messages; slow down
 * too-many-renames                  renames over --max-renames-per-minute; the name stays
 * auth-failed                       the hello's key or signature does not hold (the connection closes)
 * not-authenticated                 anything but hello before a valid hello
 * pair-code-invalid                 a pair code that is wrong, expired, used, or mine
 * room-code-invalid                 no room has that code (any more)
 * room-full                         that room holds --max-room-size devices
 * too-many-guesses                  too many tries at pair or room codes: wait a minute
 * no-pairing                        pair-confirm for a device I am not pairing with
 */
export type ErrorCode =
  | "bad-json"
  | "bad-message"
  | "bad-name"
  | "too-large"
  | "unknown-peer"
  | "rate-limited"
  | "too-many-renames"
  | "auth-failed"
  | "not-authenticated"
  | "pair-code-invalid"
  | "room-code-invalid"
  | "room-full"
  | "too-many-guesses"
  | "no-pairing";

/** The network the server put a device in, as told to that device alone (src/network-info.ts). */
export interface NetworkInfo {
  /** local: it reached the server from a private address (the server's own LAN); public: keyed by its public address. */
  kind: "local" | "public";
  /** How it reached the server. */
  family: "ipv4" | "ipv6";
  /** "local", or four characters naming the public network: equal tags, same network. */
  tag: string;
  /** It came with a forwarding header that no --trust-proxy covers: keyed by the proxy, not the device. */
  forwardingIgnored: boolean;
}

export type ServerMessage =
  | { type: "challenge"; challenge: string }
  | { type: "welcome"; self: PeerInfo; peers: PeerInfo[]; iceServers: IceServer[]; room: string | null; network: NetworkInfo }
  | { type: "peer-joined"; peer: PeerInfo }
  | { type: "peer-left"; id: string }
  | { type: "peer-updated"; peer: PeerInfo }
  | { type: "signal"; from: string; data: SignalData }
  | { type: "ice-servers"; iceServers: IceServer[] }
  | { type: "pair-code"; code: string; ttlSeconds: number }
  | { type: "pair-start"; peer: PeerInfo }
  | { type: "pair-cancelled"; id: string }
  | { type: "paired"; id: string }
  | { type: "unpaired"; id: string }
  | { type: "room"; code: string | null }
  | { type: "error"; code: ErrorCode; message: string };

export interface Hello {
  type: "hello";
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** base64url of the 64-byte signature over authMessage(challenge) (src/identity/signed-messages.ts). */
  signature: string;
  /** The name this browser keeps; null for the one the server derives from the device id. */
  name: string | null;
  paired: string[];
  unpaired: string[];
  room: string | null;
}

export type ClientMessage =
  | Hello
  | { type: "signal"; to: string; data: SignalData }
  | { type: "rename"; name: string }
  | { type: "pair-code-request" }
  | { type: "pair-join"; code: string }
  | { type: "pair-confirm"; id: string }
  | { type: "pair-cancel"; id: string | null }
  | { type: "unpair"; id: string }
  | { type: "room-create" }
  | { type: "room-join"; code: string }
  | { type: "room-leave" };

export type ParseResult<T> = { ok: true; message: T } | { ok: false; code: ErrorCode; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isOptString = (v: unknown) => v === undefined || v === null || typeof v === "string";
const isDeviceId = (v: unknown): v is string => typeof v === "string" && DEVICE_ID_PATTERN.test(v);
const isLinkId = (v: unknown): v is string => typeof v === "string" && LINK_ID_PATTERN.test(v);
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= MAX_PAIRINGS && v.every(isDeviceId);
const isB64 = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max && /^[A-Za-z0-9_-]+$/.test(v);
const isOptInt = (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 65536);

function parseSignalData(v: unknown): SignalData | null {
  if (!isObj(v) || !isLinkId(v.link) || !(v.to === undefined || isLinkId(v.to))) return null;
  const body = parseSignalBody(v);
  return body && { ...body, link: v.link, ...(v.to === undefined ? {} : { to: v.to }) };
}

function parseSignalBody(v: Obj): SignalBody | null {
  if (v.kind === "knock") return { kind: "knock" };
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

/**
 * Characters that hide or reorder text instead of showing it: controls (Cc), format characters (Cf:
 * bidi embeddings, overrides and isolates such as U+202E, zero-width spaces, soft hyphens, tags) except
 * the zero-width joiners that emoji and some scripts need (and white space, which becomes a space), and letters that render as nothing (Hangul
 * fillers, the blank Braille pattern, Khmer's invisible vowels).
 */
const HIDDEN = /(?![\u200c\u200d\t\n\v\f\r])[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5]/gu;
/** Something a reader can see: a letter, digit, punctuation mark or symbol (emoji included). */
const VISIBLE = /(?![\u115f\u1160\u3164\uffa0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Text from another device made safe to show as one line: NFC, hidden characters removed, every run of
 * spaces and line or paragraph separators one space, at most 4 combining marks in a row. File names and
 * display names both go through it; the UI still isolates them (`<bdi>`), so what remains cannot reorder
 * the sentence around it.
 */
export function cleanText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(HIDDEN, "")
    .replace(/[\p{Z}\s]+/gu, " ")
    .replace(/(\p{M}{4})\p{M}+/gu, "$1")
    .trim();
}

/** A display name: cleanText bounded to MAX_NAME_LENGTH code points; "" when nothing visible is left. */
export function cleanName(raw: string): string {
  const name = Array.from(cleanText(raw)).slice(0, MAX_NAME_LENGTH).join("").trim();
  return VISIBLE.test(name) ? name : "";
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
  const bad = (message: string): ParseResult<ClientMessage> => ({ ok: false, code: "bad-message", message });
  switch (v.type) {
    case "hello": {
      if (!isB64(v.publicKey, 64) || !isB64(v.signature, 128)) return bad("hello needs publicKey and signature in base64url");
      if (v.name !== null && typeof v.name !== "string") return bad("hello.name must be a string or null");
      if (!isIdList(v.paired) || !isIdList(v.unpaired)) return bad(`hello.paired and hello.unpaired must be lists of at most ${MAX_PAIRINGS} device ids`);
      if (v.room !== null && !(typeof v.room === "string" && ROOM_CODE_PATTERN.test(v.room))) return bad("hello.room must be a room code or null");
      const name = typeof v.name === "string" ? cleanName(v.name) || null : null;
      return { ok: true, message: { type: "hello", publicKey: v.publicKey, signature: v.signature, name, paired: [...new Set(v.paired)], unpaired: [...new Set(v.unpaired)], room: v.room } };
    }
    case "pair-code-request":
    case "room-create":
    case "room-leave":
      return { ok: true, message: { type: v.type } };
    case "pair-join":
      return typeof v.code === "string" && PAIR_CODE_PATTERN.test(v.code) ? { ok: true, message: { type: "pair-join", code: v.code } } : bad("pair-join.code must be 6 digits");
    case "room-join":
      return typeof v.code === "string" && ROOM_CODE_PATTERN.test(v.code) ? { ok: true, message: { type: "room-join", code: v.code } } : bad("room-join.code must be a room code");
    case "pair-confirm":
    case "unpair":
      return isDeviceId(v.id) ? { ok: true, message: { type: v.type, id: v.id } } : bad(`${v.type}.id must be a device id`);
    case "pair-cancel":
      return v.id === null || isDeviceId(v.id) ? { ok: true, message: { type: "pair-cancel", id: v.id } } : bad("pair-cancel.id must be a device id or null");
    case "signal": {
      if (!isDeviceId(v.to)) return bad("signal.to must be a device id");
      const data = parseSignalData(v.data);
      if (!data) return bad("signal.data must be a description, a candidate or a knock, with its link id");
      return { ok: true, message: { type: "signal", to: v.to, data } };
    }
    case "rename": {
      if (typeof v.name !== "string") return bad("rename.name must be a string");
      const name = cleanName(v.name);
      if (!name) return { ok: false, code: "bad-name", message: "rename.name has no visible characters" };
      return { ok: true, message: { type: "rename", name } };
    }
    default:
      return bad(`unknown message type ${JSON.stringify(String(v.type)).slice(0, 40)}`);
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
