// Resume records for receives whose files go to origin-private storage: what a reloaded page needs to go on
// with a transfer (the offer, the peer, and the last checkpoint). The partial files stay in OPFS under their
// usual names, and the sweep keeps every file a record names (storage-bounds.ts). Records live in IndexedDB: a
// checkpoint carries 128 KiB of block digests per GiB, too much for localStorage.
import type { ReceiveCheckpoint } from "./incoming";
import { PAUSE_TTL_MS } from "./pauses";
import { STORED_PREFIX } from "./storage-bounds";
import type { FileMeta } from "./types";

export interface KeptReceive {
  id: string;
  peerId: string;
  peerName: string;
  files: FileMeta[];
  dirs: string[];
  renamed: number;
  at: ReceiveCheckpoint;
  /** When the checkpoint was taken (ms since the epoch); a record older than a pause may last is dropped. */
  savedAt: number;
}

const DB_NAME = "ferry-kept";
const STORE = "receives";

/** The storage key of file `index` of transfer `id` (its OPFS name is STORED_PREFIX + this). */
export const partKey = (id: string, index: number) => `${id}-${index}`;

/** The OPFS names a record keeps: its finished files and the one it was receiving. */
export function keptNames(r: KeptReceive): string[] {
  return Array.from({ length: Math.min(r.at.file + 1, r.files.length) }, (_, i) => STORED_PREFIX + partKey(r.id, i));
}

let opened: Promise<IDBDatabase | null> | null = null;

function db(): Promise<IDBDatabase | null> {
  opened ??= new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "id" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(null);
  });
  return opened;
}

function run<T>(mode: IDBTransactionMode, step: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return db().then((d) => {
    if (!d) return undefined;
    return new Promise<T | undefined>((resolve, reject) => {
      const tx = d.transaction(STORE, mode);
      const req = step(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB refused the request"));
    });
  });
}

/** Every record still in date; older ones are removed (their files then go at the next sweep). */
export async function keptReceives(now = Date.now()): Promise<KeptReceive[]> {
  const all = ((await run("readonly", (s) => s.getAll() as IDBRequest<KeptReceive[]>).catch(() => undefined)) ?? []).filter((r) => r && typeof r.id === "string");
  const stale = all.filter((r) => now - r.savedAt > PAUSE_TTL_MS);
  await Promise.all(stale.map((r) => forget(r.id)));
  return all.filter((r) => !stale.includes(r));
}

export function keep(r: KeptReceive): Promise<void> {
  return run("readwrite", (s) => void s.put(r)).then(
    () => undefined,
    (err) => console.debug("ferry: could not keep a resume record", err),
  );
}

export function forget(id: string): Promise<void> {
  return run("readwrite", (s) => void s.delete(id)).then(
    () => undefined,
    (err) => console.debug("ferry: could not forget a resume record", err),
  );
}
