// KeyValue on IndexedDB: one database, one object store. IndexedDB exists on plain-http pages too, and it
// stores CryptoKey objects as they are (structured clone), so a non-extractable private key stays one.
import type { KeyValue } from "./kv";

const DB = "ferry";
const STORE = "kv";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error("IndexedDB request failed"));
  });
}

/** Open the device's storage; null when this browser offers none (some private modes, blocked storage). */
export async function openIdbKeyValue(): Promise<KeyValue | null> {
  if (typeof indexedDB === "undefined") return null;
  let db: IDBDatabase;
  try {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    db = await request(open);
  } catch (err) {
    console.info("ferry: no IndexedDB here (private mode?); this device's identity lasts one visit", err);
    return null;
  }
  const tx = <T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => Promise<T>): Promise<T> => run(db.transaction(STORE, mode).objectStore(STORE));
  return {
    lasting: true,
    get: (key) => tx("readonly", (s) => request(s.get(key))),
    put: (key, value) => tx("readwrite", async (s) => void (await request(s.put(value, key)))),
    // One readwrite transaction: two tabs creating a key at once cannot both win.
    putIfAbsent: (key, value) =>
      tx("readwrite", async (s) => {
        const existing: unknown = await request(s.get(key));
        if (existing !== undefined) return existing;
        await request(s.add(value, key));
        return value;
      }),
    delete: (key) => tx("readwrite", async (s) => void (await request(s.delete(key)))),
  };
}
