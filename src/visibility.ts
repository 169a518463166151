// Who sees whom (design.md, "Rooms"): two devices see each other when they share a network, share a temporary
// room (or a pairing session), or are paired, which takes both to claim each other, each proven by its own key
// at connect. Visibility is symmetric, and it is the one gate for relaying signals.
import type { Presence, Store } from "./store/types";

export function canSee(a: Presence, b: Presence): boolean {
  if (a.device === b.device) return false;
  if (a.network === b.network) return true;
  if (a.rooms.some((r) => b.rooms.includes(r))) return true;
  return a.paired.includes(b.device) && b.paired.includes(a.device);
}

/** Every online device that `p` sees. */
export async function visibleTo(store: Store, p: Presence): Promise<Presence[]> {
  const ids = new Set(await store.inNetwork(p.network));
  for (const r of p.rooms) for (const id of await store.inRoom(r)) ids.add(id);
  for (const id of p.paired) ids.add(id);
  ids.delete(p.device);
  return (await store.getPresences([...ids])).filter((o) => canSee(p, o));
}
