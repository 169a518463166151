// Presence changes and who hears of them. Every change of a device's presence goes through change() (or
// announce() after setPresence/removePresence), which tells the device and everyone it sees, or saw, what
// changed for them. Works on the Store alone: nothing of Bun or WebSockets.
import type { PeerInfo, ServerMessage } from "./protocol";
import type { Presence, Store } from "./store/types";
import { visibleTo } from "./visibility";

export const peerInfo = (p: Presence): PeerInfo => ({ id: p.device, name: p.name, device: p.label });

export const tell = (store: Store, to: Presence | string, message: ServerMessage) =>
  store.deliver(typeof to === "string" ? to : to.conn, { kind: "message", message });

/**
 * A device went from `before` to `after` (null: offline). Devices that now see it and did not are told it
 * joined, and it of them; those that no longer see it, that it left; those that still do, that it changed.
 * `welcomed`: the device itself was just sent the full list (welcome), which is what it sees now, and needs
 * no news of its own (the list saves asking the store again: with Redis, two round trips per join).
 */
export async function announce(store: Store, before: Presence | null, after: Presence | null, welcomed: Presence[] | null = null): Promise<void> {
  const was = new Map((before ? await visibleTo(store, before) : []).map((p) => [p.device, p]));
  const now = new Map((welcomed ?? (after ? await visibleTo(store, after) : [])).map((p) => [p.device, p]));
  const self = after ?? before!;
  const jobs: Promise<void>[] = [];
  for (const [id, o] of now) {
    if (!was.has(id)) {
      jobs.push(tell(store, o, { type: "peer-joined", peer: peerInfo(self) }));
      if (!welcomed) jobs.push(tell(store, self, { type: "peer-joined", peer: peerInfo(o) }));
    } else if (before && after && (before.name !== after.name || before.label !== after.label || before.conn !== after.conn)) {
      jobs.push(tell(store, o, { type: "peer-updated", peer: peerInfo(after) }));
    }
  }
  for (const [id, o] of was) {
    if (now.has(id)) continue;
    jobs.push(tell(store, o, { type: "peer-left", id: self.device }));
    if (after && !welcomed) jobs.push(tell(store, after, { type: "peer-left", id }));
  }
  await Promise.all(jobs);
}

/** Change a device's presence (while `conn` holds it) and announce the change; null when `conn` does not. */
export async function change(store: Store, device: string, conn: string, fn: (p: Presence) => Presence): Promise<Presence | null> {
  const r = await store.updatePresence(device, conn, fn);
  if (!r) return null;
  await announce(store, r.before, r.after);
  return r.after;
}

/** Pairing sessions are rooms named "~…"; the one other room is the temporary room joined by code. */
export const isSession = (room: string) => room.startsWith("~");
export const userRoom = (p: Presence): string | null => p.rooms.find((r) => !isSession(r)) ?? null;
