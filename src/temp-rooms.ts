// Temporary rooms: a short code puts devices from any network in one room, for a meeting or a class. A device
// is in at most one; the room ends when its last device has been gone for ROOM_GRACE_MS (a reload keeps it).
import { newRoomCode } from "./codes";
import { change, isSession, tell, userRoom } from "./presence";
import type { ErrorCode } from "./protocol";
import type { Actor } from "./pairing";
import type { Store } from "./store/types";

export const ROOM_GRACE_MS = 60_000;

const intoRoom = (code: string | null) => (p: { rooms: string[] }) => [...p.rooms.filter(isSession), ...(code ? [code] : [])];

async function move(store: Store, me: Actor, code: string | null) {
  const after = await change(store, me.device, me.conn, (p) => ({ ...p, rooms: intoRoom(code)(p) }));
  if (after) await tell(store, after, { type: "room", code: userRoom(after) });
}

export async function createRoom(store: Store, me: Actor) {
  let code = newRoomCode();
  // 2^40 codes: a clash is all but impossible, but never join someone else's room by accident.
  while (!(await store.createRoom(code, ROOM_GRACE_MS))) code = newRoomCode();
  await move(store, me, code);
}

/** Join by code, into a room holding fewer than `maxSize`; the caller has throttled the attempt. */
export async function joinRoom(store: Store, me: Actor, code: string, maxSize: number): Promise<ErrorCode | null> {
  if (!(await store.roomExists(code))) return "room-code-invalid";
  if ((await store.inRoom(code)).filter((id) => id !== me.device).length >= maxSize) return "room-full";
  await move(store, me, code);
  return null;
}

export const leaveRoom = (store: Store, me: Actor) => move(store, me, null);
