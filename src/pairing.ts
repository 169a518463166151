// Pairing across networks, with no database: a device shows a one-use code, another enters it, and both are
// put in a pairing session (a private room named "~…") so they can open a channel, prove their keys and show
// the verification code. Each then confirms, which adds a claim to its presence; two devices are paired while
// each claims the other. Browsers keep their pairings and bring the claims back at every connect (hello).
import { newPairCode } from "./codes";
import { toBase64url } from "./identity/base64url";
import { MAX_PAIRINGS, type ErrorCode } from "./protocol";
import { change, isSession, peerInfo, tell } from "./presence";
import type { Presence, Store } from "./store/types";

/** The connection acting, and the device it holds. */
export interface Actor {
  device: string;
  conn: string;
}

/** Pairing sessions one device may have open at once; a further one ends the oldest. */
const MAX_SESSIONS = 3;

const without = (list: string[], x: string) => list.filter((y) => y !== x);
const withOne = (list: string[], x: string) => [...without(list, x), x].slice(-MAX_PAIRINGS);
const mutual = (a: Presence, b: Presence) => a.paired.includes(b.device) && b.paired.includes(a.device);
const sessionsOf = (p: Presence) => p.rooms.filter(isSession);
const shared = (a: Presence, b: Presence) => sessionsOf(a).filter((s) => b.rooms.includes(s));
const codeKey = (code: string) => `pair:${code}`;

/** A fresh pair code for `me`, replacing `previous`. */
export async function issuePairCode(store: Store, me: Actor, previous: string | null, ttlMs: number): Promise<string> {
  if (previous) await store.deleteCode(codeKey(previous));
  // With one live code per online device, a free code is found at once unless ~10^6 devices pair right now.
  for (let i = 0; i < 20; i++) {
    const code = newPairCode();
    if (await store.putCode(codeKey(code), me.device, ttlMs)) return code;
  }
  throw new Error("no free pair code");
}

export const dropPairCode = (store: Store, code: string) => store.deleteCode(codeKey(code));

/** `me` entered `code`: put its owner and me in a pairing session. The caller has throttled the attempt. */
export async function joinPairing(store: Store, me: Actor, code: string): Promise<ErrorCode | null> {
  const owner = await store.takeCode(codeKey(code));
  const o = owner && owner !== me.device ? await store.getPresence(owner) : null;
  if (!o) return "pair-code-invalid";
  const session = `~${toBase64url(crypto.getRandomValues(new Uint8Array(12)))}`;
  for (const p of [o, await store.getPresence(me.device)]) {
    if (!p) return "pair-code-invalid";
    const oldest = sessionsOf(p).slice(0, Math.max(0, sessionsOf(p).length - MAX_SESSIONS + 1));
    for (const s of oldest) await endSession(store, p, s);
    if (!(await change(store, p.device, p.conn, (q) => ({ ...q, rooms: [...q.rooms, session] })))) return "pair-code-invalid";
  }
  const [a, b] = await store.getPresences([o.device, me.device]);
  if (!a || !b) return "pair-code-invalid";
  await tell(store, a, { type: "pair-start", peer: peerInfo(b) });
  await tell(store, b, { type: "pair-start", peer: peerInfo(a) });
  return null;
}

/** `me` confirms pairing with `id`; once both have, both are told `paired` and the session ends. */
export async function confirmPairing(store: Store, me: Actor, id: string): Promise<ErrorCode | null> {
  const [mine, other] = [await store.getPresence(me.device), await store.getPresence(id)];
  if (!mine || mine.conn !== me.conn || !other || shared(mine, other).length === 0) return "no-pairing";
  const after = await change(store, me.device, me.conn, (p) => ({ ...p, paired: withOne(p.paired, id), unpaired: without(p.unpaired, id) }));
  const o = await store.getPresence(id);
  if (!after || !o || !mutual(after, o)) return null;
  await tell(store, after, { type: "paired", id });
  await tell(store, o, { type: "paired", id: me.device });
  // Paired devices see each other anyway: the session has done its job.
  for (const s of shared(after, o)) {
    await change(store, after.device, after.conn, (p) => ({ ...p, rooms: without(p.rooms, s) }));
    await change(store, o.device, o.conn, (p) => ({ ...p, rooms: without(p.rooms, s) }));
  }
  return null;
}

/** `me` calls off pairing with `id` (null: with everyone, and drops nothing else). */
export async function cancelPairing(store: Store, me: Actor, id: string | null) {
  const mine = await store.getPresence(me.device);
  if (!mine || mine.conn !== me.conn) return;
  const partners = id ? [id] : await sessionPartners(store, mine);
  for (const partner of partners) {
    const o = await store.getPresence(partner);
    const now = await store.getPresence(me.device);
    if (o && now) for (const s of shared(now, o)) await endSession(store, now, s);
  }
}

/**
 * End pairing session `s` of `p` (which may be gone already: closed, or replaced by its other tab): everyone
 * in it leaves it, claims made during it that did not become mutual are dropped, partners are told.
 */
export async function endSession(store: Store, p: Presence, s: string) {
  const live = await store.getPresence(p.device);
  const mine = live?.conn === p.conn ? live : null;
  for (const id of await store.inRoom(s)) {
    if (id === p.device) continue;
    const o = await store.getPresence(id);
    if (!o) continue;
    const keep = mutual(mine ?? p, o);
    await change(store, o.device, o.conn, (q) => ({ ...q, rooms: without(q.rooms, s), paired: keep ? q.paired : without(q.paired, p.device) }));
    if (mine) await change(store, mine.device, mine.conn, (q) => ({ ...q, rooms: without(q.rooms, s), paired: keep ? q.paired : without(q.paired, o.device) }));
    await tell(store, o, { type: "pair-cancelled", id: p.device });
    if (mine) await tell(store, mine, { type: "pair-cancelled", id: o.device });
  }
  if (mine) await change(store, mine.device, mine.conn, (q) => ({ ...q, rooms: without(q.rooms, s) }));
}

export async function endAllSessions(store: Store, p: Presence) {
  for (const s of sessionsOf(p)) await endSession(store, p, s);
}

async function sessionPartners(store: Store, p: Presence): Promise<string[]> {
  const ids = new Set<string>();
  for (const s of sessionsOf(p)) for (const id of await store.inRoom(s)) if (id !== p.device) ids.add(id);
  return [...ids];
}

/** `me` ends its pairing with `id`: its claim goes, and `id` is told now if online, or when both next are. */
export async function unpair(store: Store, me: Actor, id: string) {
  const after = await change(store, me.device, me.conn, (p) => ({ ...p, paired: without(p.paired, id), unpaired: withOne(p.unpaired, id) }));
  if (after) await settleClaims(store, after);
}

/**
 * Bring claims in line with what the other ends decided: a device `p` claims that unpaired it while away is
 * dropped and `p` told; a device still claiming `p` that `p` unpaired is told, and its claim dropped. Only a
 * device's own unpairing (its tombstone) ends a claim, so a stranger's claims reveal nothing.
 */
export async function settleClaims(store: Store, p: Presence) {
  for (const o of await store.getPresences(p.paired)) {
    if (!o.unpaired.includes(p.device)) continue;
    if (await change(store, p.device, p.conn, (q) => ({ ...q, paired: without(q.paired, o.device) }))) await tell(store, p, { type: "unpaired", id: o.device });
  }
  for (const o of await store.getPresences(p.unpaired)) {
    if (!o.paired.includes(p.device)) continue;
    if (await change(store, o.device, o.conn, (q) => ({ ...q, paired: without(q.paired, p.device) }))) await tell(store, o, { type: "unpaired", id: p.device });
  }
}
