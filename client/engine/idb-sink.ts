// A received file kept in IndexedDB, for plain-HTTP pages: they have no OPFS and no service worker, but they
// have IndexedDB (in workers too), and Chromium and Firefox store the Blobs put there as files on disk. Pieces of
// 4 MiB are written as they fill and then dropped; the finished file is the stored pieces joined, a Blob whose
// bytes stay on disk. Measured (bench/plain-http-storage.ts, 1 GiB, on-disk profile): the browser process grew
// by 87–148 MiB this way against 513 MiB for in-memory Blobs.
import type { Store } from "./intake.worker";

const DB_NAME = "ferry-received";
const STORE = "pieces";
/** Bytes gathered before a piece is written: small enough to keep memory flat, large enough to be cheap. */
const PIECE_BYTES = 4 * 1024 * 1024;
/** Pieces of a page that closed mid-transfer are swept when a later one opens the store. */
const STALE_MS = 24 * 3600 * 1000;

let opened: Promise<IDBDatabase | null> | null = null;

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB refused the write"));
  });

/** The database, or null where IndexedDB is off (Firefox's private windows refuse it). */
export function receivedDb(): Promise<IDBDatabase | null> {
  opened ??= new Promise<IDBDatabase | null>((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(null);
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => {
      console.info("ferry: IndexedDB is unavailable, receiving into memory-backed blobs", open.error);
      resolve(null);
    };
  }).then(async (db) => {
    if (db) await sweep(db).catch((err) => console.debug("ferry: could not sweep old pieces", err));
    return db;
  });
  return opened;
}

/** Keys are [file key, piece number]; a file key starts with the time it was opened. */
async function sweep(db: IDBDatabase) {
  const tx = db.transaction(STORE, "readwrite");
  tx.objectStore(STORE).delete(IDBKeyRange.upperBound([`${Date.now() - STALE_MS}`, Infinity]));
  await done(tx);
}

export class IdbStore implements Store {
  private parts: Uint8Array<ArrayBuffer>[] = [];
  private partBytes = 0;
  private pieces = 0;
  /** Writes are chained: each piece is committed before the next, and close waits for all. */
  private writing: Promise<void> = Promise.resolve();
  private readonly key: string;

  constructor(
    private db: IDBDatabase,
    name: string,
    private type: string,
  ) {
    // Time first, so that a sweep by key range finds what is old.
    this.key = `${Date.now()}-${name}`;
  }

  write(bytes: Uint8Array) {
    this.parts.push(bytes as Uint8Array<ArrayBuffer>);
    this.partBytes += bytes.length;
    if (this.partBytes >= PIECE_BYTES) this.flush();
  }

  /** Keep the first `at` bytes (a resume after a dropped link) as one stored piece. */
  truncate(at: number) {
    this.flush();
    this.writing = this.writing.then(async () => {
      const kept = (await this.stored()).slice(0, at);
      await this.transact((s) => s.delete(this.range()));
      this.pieces = 0;
      await this.transact((s) => s.put(kept, [this.key, this.pieces++]));
    });
  }

  flush() {
    if (this.partBytes === 0) return;
    const piece = new Blob(this.parts);
    this.parts = [];
    this.partBytes = 0;
    const n = this.pieces++;
    this.writing = this.writing.then(() => this.transact((s) => s.put(piece, [this.key, n])));
  }

  async close(): Promise<Blob> {
    this.flush();
    await this.writing;
    return new Blob([await this.stored()], { type: this.type });
  }

  async abort() {
    this.parts = [];
    await this.writing.catch((err) => console.debug("ferry: a piece failed before the abort", err));
    await this.transact((s) => s.delete(this.range()));
  }

  private range() {
    return IDBKeyRange.bound([this.key, 0], [this.key, Infinity]);
  }

  private async stored(): Promise<Blob> {
    const tx = this.db.transaction(STORE);
    const req = tx.objectStore(STORE).getAll(this.range());
    await done(tx);
    return new Blob(req.result as Blob[]);
  }

  private transact(step: (s: IDBObjectStore) => void): Promise<void> {
    const tx = this.db.transaction(STORE, "readwrite");
    step(tx.objectStore(STORE));
    return done(tx);
  }
}
