// The Store in this process's memory: plain maps and timers, nothing of Bun or WebSockets (design.md,
// principle 4). Every structure is bounded by what is online: presences by connections, indexes by presences,
// codes and buckets by their lifetimes (expired ones are dropped), rooms by members plus a short grace.
import { isFull, takeToken, type Bucket } from "../token-bucket";
import type { Delivery, Presence, Receiver, Store } from "./types";

/** Past this many buckets, a take() first drops those that have refilled (they hold no information). */
const BUCKET_SWEEP_AT = 10_000;

interface StoredBucket extends Bucket {
  burst: number;
  perMinute: number;
}

export class MemoryStore implements Store {
  private presences = new Map<string, Presence>();
  private networks = new Map<string, Set<string>>();
  private members = new Map<string, Set<string>>();
  /** Rooms that exist, with their grace timer while empty. */
  private rooms = new Map<string, { graceMs: number; timer: ReturnType<typeof setTimeout> | null }>();
  private codes = new Map<string, { value: string; timer: ReturnType<typeof setTimeout> }>();
  private buckets = new Map<string, StoredBucket>();
  private receivers = new Map<string, Receiver>();

  constructor(private now: () => number = Date.now) {}

  async setPresence(p: Presence): Promise<Presence | null> {
    const old = this.presences.get(p.device) ?? null;
    if (old) this.unindex(old);
    this.presences.set(p.device, p);
    this.index(p);
    return old;
  }

  async updatePresence(device: string, conn: string, change: (p: Presence) => Presence) {
    const before = this.presences.get(device);
    if (!before || before.conn !== conn) return null;
    const after = change(before);
    this.unindex(before);
    this.presences.set(device, after);
    this.index(after);
    return { before, after };
  }

  async removePresence(device: string, conn: string): Promise<Presence | null> {
    const p = this.presences.get(device);
    if (!p || p.conn !== conn) return null;
    this.presences.delete(device);
    this.unindex(p);
    return p;
  }

  async getPresence(device: string) {
    return this.presences.get(device) ?? null;
  }

  async getPresences(devices: string[]) {
    return devices.flatMap((d) => this.presences.get(d) ?? []);
  }

  async inNetwork(network: string) {
    return [...(this.networks.get(network) ?? [])];
  }

  async inRoom(room: string) {
    return [...(this.members.get(room) ?? [])];
  }

  async createRoom(room: string, graceMs: number) {
    if (this.rooms.has(room)) return false;
    this.rooms.set(room, { graceMs, timer: null });
    if (!this.members.has(room)) this.emptied(room);
    return true;
  }

  async roomExists(room: string) {
    return this.rooms.has(room);
  }

  async putCode(code: string, value: string, ttlMs: number) {
    if (this.codes.has(code)) return false;
    const timer = setTimeout(() => this.codes.delete(code), ttlMs);
    (timer as { unref?: () => void }).unref?.();
    this.codes.set(code, { value, timer });
    return true;
  }

  async takeCode(code: string) {
    const c = this.codes.get(code);
    if (!c) return null;
    await this.deleteCode(code);
    return c.value;
  }

  async deleteCode(code: string) {
    const c = this.codes.get(code);
    if (c) clearTimeout(c.timer);
    this.codes.delete(code);
  }

  async take(bucket: string, burst: number, perMinute: number) {
    const now = this.now();
    if (this.buckets.size >= BUCKET_SWEEP_AT)
      for (const [k, b] of this.buckets) if (isFull(b, now, b.burst, b.perMinute)) this.buckets.delete(k);
    const { ok, bucket: next } = takeToken(this.buckets.get(bucket), now, burst, perMinute);
    this.buckets.set(bucket, { ...next, burst, perMinute });
    return ok;
  }

  async deliver(conn: string, d: Delivery) {
    this.receivers.get(conn)?.receive(d);
  }

  subscribe(conn: string, receiver: Receiver) {
    this.receivers.set(conn, receiver);
  }

  unsubscribe(conn: string, receiver: Receiver) {
    if (this.receivers.get(conn) === receiver) this.receivers.delete(conn);
  }

  /** Nothing is lost behind a connection's back in one process: when it stops, every connection goes with it. */
  watch() {}

  async close() {
    for (const c of this.codes.values()) clearTimeout(c.timer);
    for (const r of this.rooms.values()) if (r.timer) clearTimeout(r.timer);
    this.codes.clear();
    this.rooms.clear();
  }

  private index(p: Presence) {
    addTo(this.networks, p.network, p.device);
    for (const r of p.rooms) {
      addTo(this.members, r, p.device);
      const room = this.rooms.get(r);
      if (room?.timer) {
        clearTimeout(room.timer);
        room.timer = null;
      }
    }
  }

  private unindex(p: Presence) {
    removeFrom(this.networks, p.network, p.device);
    for (const r of p.rooms) if (removeFrom(this.members, r, p.device)) this.emptied(r);
  }

  /** The last member left: the room ends after its grace, unless someone comes back. */
  private emptied(room: string) {
    const r = this.rooms.get(room);
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    if (r.graceMs <= 0) {
      this.rooms.delete(room);
      return;
    }
    r.timer = setTimeout(() => {
      if (!this.members.has(room)) this.rooms.delete(room);
    }, r.graceMs);
    (r.timer as { unref?: () => void }).unref?.();
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Returns true when the set became empty (and was dropped). */
function removeFrom(map: Map<string, Set<string>>, key: string, value: string): boolean {
  const set = map.get(key);
  if (!set) return false;
  set.delete(value);
  if (set.size > 0) return false;
  map.delete(key);
  return true;
}
