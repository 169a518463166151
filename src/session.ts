// One signaling connection's life, free of Bun and WebSockets: challenge, hello, then the device's requests.
// signaling.ts subclasses it with the socket (send and close), feeds it parsed messages one at a time and
// carries what it sends.
import { newChallenge, verifyPossession } from "./auth";
import { mayGuess } from "./guessing";
import { displayNameFor } from "./names";
import { cancelPairing, confirmPairing, dropPairCode, endAllSessions, issuePairCode, joinPairing, settleClaims, unpair, type Actor } from "./pairing";
import { announce, change, peerInfo, userRoom } from "./presence";
import { CloseCode, type ClientMessage, type ErrorCode, type Hello, type IceServer, type NetworkInfo, type ServerMessage } from "./protocol";
import type { Delivery, Presence, Receiver, Store } from "./store/types";
import type { Config } from "./config";
import { TokenBucket } from "./limits";
import { createRoom, joinRoom, leaveRoom } from "./temp-rooms";
import { canSee, visibleTo } from "./visibility";

export interface SessionDeps {
  store: Store;
  iceServers: (host: string, deviceId: string) => IceServer[];
  pairCodeTtlMs: number;
  limits: Config["limits"];
}

/** Where the connection comes from, as the upgrade saw it. */
export interface Origin {
  conn: string;
  address: string;
  network: string;
  host: string;
  label: string;
  /** What the device is told of its network. */
  networkInfo: NetworkInfo;
}

/** One empty list for the many presences that claim nothing; frozen, so that nothing can fill it for all. */
const NONE = Object.freeze([]) as unknown as string[];
const orNone = (ids: string[]) => (ids.length > 0 ? ids : NONE);

// Memory: a server holds one Session per connection, so a Session keeps only what it needs after the hello
// (tens of thousands of them at once; bench/signaling.ts measures bytes per connection). It is the socket's
// data itself and holds its origin's fields, rather than pointing at further objects.
export abstract class Session implements Receiver {
  readonly conn: string;
  readonly address: string;
  readonly network: string;
  readonly host: string;
  readonly label: string;
  /** Sent in the welcome, then released. */
  private networkInfo: NetworkInfo | undefined;
  /** The challenge this connection must sign; released once a hello answered it. */
  private challenge: string | null = newChallenge();
  /** The device this connection proved to be; null until a valid hello. */
  device: string | null = null;
  private pairCode: string | null = null;
  private subscribed = false;
  private ended = false;
  /** Each rename is told to everyone who sees me: they are rationed (a bucket from the first rename on). */
  private renames: TokenBucket | null = null;

  constructor(
    private deps: SessionDeps,
    origin: Origin,
  ) {
    this.conn = origin.conn;
    this.address = origin.address;
    this.network = origin.network;
    this.host = origin.host;
    this.label = origin.label;
    this.networkInfo = origin.networkInfo;
  }

  /** To this connection's device; nothing before the socket opened (start). */
  protected abstract send(msg: ServerMessage): void;
  protected abstract close(code: number, reason: string): void;

  get store() {
    return this.deps.store;
  }

  private get me(): Actor {
    return { device: this.device!, conn: this.conn };
  }

  private refuse(code: ErrorCode, message: string) {
    this.send({ type: "error", code, message });
  }

  /** The socket is open: say hello first, with the challenge. */
  start() {
    this.send({ type: "challenge", challenge: this.challenge! });
  }

  async handle(msg: ClientMessage): Promise<void> {
    if (this.ended) return;
    if (msg.type === "hello") return this.device ? this.refuse("bad-message", "already authenticated") : this.hello(msg);
    if (!this.device) return this.refuse("not-authenticated", "answer the challenge with hello first");
    // A connection replaced by the device's other tab may still have messages queued: they count for nothing.
    // A signal, the bulk of the traffic, reads both ends at once (with Redis one MGET, not two GETs in turn).
    const me = this.device;
    const both = msg.type === "signal" ? await this.store.getPresences([me, msg.to]) : null;
    const self = both ? (both.find((p) => p.device === me) ?? null) : await this.store.getPresence(me);
    if (!self || self.conn !== this.conn) return;
    switch (msg.type) {
      case "signal": {
        const target = both!.find((p) => p.device === msg.to);
        if (!target || !canSee(self, target)) return this.refuse("unknown-peer", `no device ${msg.to} that you can see`);
        await this.store.deliver(target.conn, { kind: "message", message: { type: "signal", from: self.device, data: msg.data } });
        return;
      }
      case "rename": {
        // One that changes nothing costs nothing.
        if (msg.name === self.name) return;
        const { renamesPerMinute } = this.deps.limits;
        this.renames ??= new TokenBucket(renamesPerMinute, renamesPerMinute / 60);
        if (!this.renames.take()) return this.refuse("too-many-renames", `at most ${this.deps.limits.renamesPerMinute} renames a minute; the name stays`);
        const after = await change(this.store, self.device, self.conn, (p) => ({ ...p, name: msg.name }));
        if (after) this.send({ type: "peer-updated", peer: peerInfo(after) });
        return;
      }
      case "pair-code-request":
        this.pairCode = await issuePairCode(this.store, this.me, this.pairCode, this.deps.pairCodeTtlMs);
        this.send({ type: "pair-code", code: this.pairCode, ttlSeconds: this.deps.pairCodeTtlMs / 1000 });
        return;
      case "pair-join": {
        if (!(await mayGuess(this.store, self.conn, this.address, "pair"))) return this.refuse("too-many-guesses", "too many tries at pairing codes; wait a minute");
        const err = await joinPairing(this.store, this.me, msg.code);
        if (err) this.refuse(err, "that pairing code is wrong, expired or already used");
        return;
      }
      case "pair-confirm": {
        const err = await confirmPairing(this.store, this.me, msg.id);
        if (err) this.refuse(err, "you are not pairing with that device");
        return;
      }
      case "pair-cancel":
        if (msg.id === null && this.pairCode) {
          await dropPairCode(this.store, this.pairCode);
          this.pairCode = null;
        }
        return cancelPairing(this.store, this.me, msg.id);
      case "unpair":
        return unpair(this.store, this.me, msg.id);
      case "room-create":
        return createRoom(this.store, this.me);
      case "room-join": {
        if (!(await mayGuess(this.store, self.conn, this.address, "room"))) return this.refuse("too-many-guesses", "too many tries at room codes; wait a minute");
        const err = await joinRoom(this.store, this.me, msg.code, this.deps.limits.maxRoomSize);
        if (err) this.refuse(err, err === "room-full" ? `that room holds ${this.deps.limits.maxRoomSize} devices already` : "no room has that code (it may have ended)");
        return;
      }
      case "room-leave":
        return leaveRoom(this.store, this.me);
      default:
        msg satisfies never;
    }
  }

  private async hello(msg: Hello) {
    const auth = await verifyPossession(this.challenge!, msg.publicKey, msg.signature);
    if (!auth.ok) {
      this.refuse("auth-failed", auth.reason);
      return this.close(CloseCode.authFailed, "authentication failed");
    }
    const device = auth.deviceId;
    // A network room holds at most --max-room-size devices (this device's other tab does not count).
    const network = (await this.store.inNetwork(this.network)).filter((id) => id !== device);
    if (network.length >= this.deps.limits.maxRoomSize) return this.close(CloseCode.roomFull, `room full: ${this.deps.limits.maxRoomSize} devices on this network`);
    this.device = device;
    this.challenge = null;
    this.listen();
    // A page that reloads comes back to its room, if the room still exists (and the try counts as a guess).
    const room = msg.room && (await this.mayRejoin(msg.room, device)) ? msg.room : null;
    const presence: Presence = {
      device,
      conn: this.conn,
      name: msg.name ?? displayNameFor(device),
      label: this.label,
      network: this.network,
      rooms: room ? [room] : NONE,
      paired: orNone(msg.paired.filter((id) => id !== device)),
      unpaired: orNone(msg.unpaired.filter((id) => id !== device)),
    };
    const replaced = await this.store.setPresence(presence);
    if (replaced) await this.store.deliver(replaced.conn, { kind: "replaced" });
    const peers = await visibleTo(this.store, presence);
    this.send({ type: "welcome", self: peerInfo(presence), peers: peers.map(peerInfo), iceServers: this.deps.iceServers(this.host, device), room: userRoom(presence), network: this.networkInfo! });
    this.networkInfo = undefined;
    await announce(this.store, replaced, presence, peers);
    if (replaced) await endAllSessions(this.store, replaced);
    await settleClaims(this.store, presence);
  }

  private async mayRejoin(room: string, device: string): Promise<boolean> {
    if (!(await mayGuess(this.store, this.conn, this.address, "room")) || !(await this.store.roomExists(room))) return false;
    return (await this.store.inRoom(room)).filter((id) => id !== device).length < this.deps.limits.maxRoomSize;
  }

  /** The Session itself receives (no closure: one made in async hello() would keep that whole frame alive). */
  private listen() {
    this.store.subscribe(this.conn, this);
    this.subscribed = true;
  }

  /** A delivery for this connection (Receiver), from this process or through the store. */
  receive(d: Delivery) {
    if (this.ended) return;
    switch (d.kind) {
      case "message":
        return this.send(d.message);
      case "replaced":
        this.ended = true;
        return this.close(CloseCode.replaced, "Ferry is open in another tab");
      default:
        d satisfies never;
    }
  }

  /** The connection is gone: the device goes offline unless its other tab already took over. */
  async end() {
    this.ended = true;
    if (this.subscribed) this.store.unsubscribe(this.conn, this);
    if (this.pairCode) await dropPairCode(this.store, this.pairCode);
    if (!this.device) return;
    const gone = await this.store.removePresence(this.device, this.conn);
    if (!gone) return;
    await announce(this.store, gone, null);
    await endAllSessions(this.store, gone);
  }

  /** Fresh TURN credentials, for the renewal timer. */
  iceServers(): IceServer[] | null {
    return this.device ? this.deps.iceServers(this.host, this.device) : null;
  }
}
