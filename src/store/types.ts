// The server's shared state behind one small async interface: who is online as which device, which devices
// they claim to be paired with, temporary rooms, one-use codes, guess throttles, and delivery of messages to a
// connection wherever it lives. memory.ts keeps it in this process; redis.ts keeps it in Redis for several
// processes. Signaling uses only this interface and never knows which implementation it has.
//
// Nothing here is a database of pairings: claims live as long as a device is online, and every device brings
// its claims again when it connects (design.md, "Device identity").
import type { ServerMessage } from "../protocol";

/** One online device: its live connection and what it claims. */
export interface Presence {
  /** Device id, derived from its public key (src/identity/device-id.ts) and proven at connect. */
  device: string;
  /** The connection that holds the device now, unique per connection, e.g. "<process>:<n>". */
  conn: string;
  name: string;
  /** What kind of device, e.g. "Chrome on Android". */
  label: string;
  /** The network room, from the client's address (room-key.ts). */
  network: string;
  /** Temporary rooms it is in: at most one joined by code, plus pairing sessions ("~" + random). */
  rooms: string[];
  /** Devices it claims to be paired with; two devices are paired while each claims the other. */
  paired: string[];
  /** Devices it unpaired while they may have been away, so they are told when both are online. */
  unpaired: string[];
}

/** What one connection may be handed by another (possibly in another process). */
export type Delivery = { kind: "message"; message: ServerMessage } | { kind: "replaced" };

/** Who takes a connection's deliveries: an object, not a closure, so that a connection costs one less. */
export interface Receiver {
  receive(d: Delivery): void;
}

/** What a store may report of its own accord, when several processes share it. */
export interface StoreEvents {
  /** A presence ended without its connection ending it: the process that held it stopped. Tell its peers. */
  lost(p: Presence): Promise<void>;
  /** This process was taken for stopped (it stalled, or the store lost its data): its connections must start afresh. */
  evicted(): void;
}

export interface Store {
  /** Make `p` its device's live presence; returns the presence it replaced (the device's other tab), if any. */
  setPresence(p: Presence): Promise<Presence | null>;
  /**
   * Change a device's presence while `conn` still holds it, atomically (`change` gets the latest and must be
   * pure: an implementation may call it again after a conflict); null when `conn` does not hold it.
   */
  updatePresence(device: string, conn: string, change: (p: Presence) => Presence): Promise<{ before: Presence; after: Presence } | null>;
  /** Remove a device's presence if `conn` still holds it; returns what was removed. */
  removePresence(device: string, conn: string): Promise<Presence | null>;
  getPresence(device: string): Promise<Presence | null>;
  /** The live presences of these devices; absent ones are left out. */
  getPresences(devices: string[]): Promise<Presence[]>;
  /** Device ids in a network room, and in a temporary room. */
  inNetwork(network: string): Promise<string[]>;
  inRoom(room: string): Promise<string[]>;

  /**
   * A temporary room exists from its creation while it has members; once the last one leaves it lingers
   * `graceMs` (so a reloading page can come back) and then ends. Returns false when the code is taken.
   */
  createRoom(room: string, graceMs: number): Promise<boolean>;
  roomExists(room: string): Promise<boolean>;

  /** A one-use code (e.g. a pair code) holding `value` for `ttlMs`; false when the code is taken. */
  putCode(code: string, value: string, ttlMs: number): Promise<boolean>;
  /** Read and delete a code: its value once, then null; null after it expires. */
  takeCode(code: string): Promise<string | null>;
  deleteCode(code: string): Promise<void>;

  /**
   * A token bucket shared by every process: true and one token less when one is left, false when empty.
   * Buckets start full with `burst` tokens and refill at `perMinute`.
   */
  take(bucket: string, burst: number, perMinute: number): Promise<boolean>;

  /** Hand `d` to the connection `conn` wherever it is; dropped when it is gone. */
  deliver(conn: string, d: Delivery): Promise<void>;
  /** Have `receiver` take the deliveries for `conn` (a connection of this process)... */
  subscribe(conn: string, receiver: Receiver): void;
  /** ...until this; a later subscriber of the same `conn` keeps its own. */
  unsubscribe(conn: string, receiver: Receiver): void;

  /** Receive the store's own events (there are none in one process's memory). */
  watch(events: StoreEvents): void;

  close(): Promise<void>;
}
