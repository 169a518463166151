// How much of the origin-private file system (OPFS) Ferry keeps, and for how long. Received files live there
// (intake.worker.ts) as `ferry-…` entries. A page holds a Web Lock per file it stores or offers for saving
// (hold); the browser drops a page's locks when the page goes, so a file no lock holds belongs to no open
// page: a tab closed mid-transfer, or one closed on a finished file never dismissed. Such a file is removed at
// the next sweep, unless a resume record names it (kept.ts), and then only within KEPT_MAX_AGE_MS and
// KEPT_MAX_BYTES together, oldest first. Files a page holds stay while that page shows them.

export const STORED_PREFIX = "ferry-";
/** A file no page holds, kept for resuming, lives at most this long after its last write. */
export const KEPT_MAX_AGE_MS = 24 * 3600 * 1000;
/** Files no page holds, kept for resuming, take at most this much together. */
export const KEPT_MAX_BYTES = 4 * 1024 ** 3;

const LOCK_PREFIX = "ferry-stored:";

export interface StoredEntry {
  name: string;
  bytes: number;
  /** Last write, ms since the epoch. */
  modified: number;
  /** An open page holds it. */
  held: boolean;
  /** Resume may continue it. */
  resumable: boolean;
}

/** Which entries to remove: unheld ones not kept for resuming, then kept ones past the age, then the oldest over the bytes. */
export function planSweep(entries: StoredEntry[], now: number, maxAgeMs = KEPT_MAX_AGE_MS, maxBytes = KEPT_MAX_BYTES): string[] {
  const remove: string[] = [];
  const kept: StoredEntry[] = [];
  for (const e of entries) {
    if (e.held) continue;
    if (!e.resumable || now - e.modified > maxAgeMs) remove.push(e.name);
    else kept.push(e);
  }
  let total = kept.reduce((sum, e) => sum + e.bytes, 0);
  for (const e of kept.sort((a, b) => a.modified - b.modified)) {
    if (total <= maxBytes) break;
    total -= e.bytes;
    remove.push(e.name);
  }
  return remove;
}

/** Hold `name` for this page until the returned release is called (or the page goes). */
export async function hold(name: string): Promise<() => void> {
  const locks = navigator.locks;
  if (!locks) return () => {};
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await new Promise<void>((granted) => {
    void locks.request(LOCK_PREFIX + name, { mode: "shared" }, () => {
      granted();
      return released;
    });
  });
  return release;
}

/** Remove what planSweep says from `dir`, keeping the `resumable` names within bounds; returns the names removed. */
export async function sweep(dir: FileSystemDirectoryHandle, resumable: Set<string>, now = Date.now()): Promise<string[]> {
  const held = new Set(((await navigator.locks?.query())?.held ?? []).map((l) => l.name));
  const entries: StoredEntry[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (!name.startsWith(STORED_PREFIX)) continue;
    const file = await (await dir.getFileHandle(name)).getFile();
    entries.push({ name, bytes: file.size, modified: file.lastModified, held: held.has(LOCK_PREFIX + name), resumable: resumable.has(name) });
  }
  const remove = planSweep(entries, now);
  // A file still open for writing in another page cannot be removed; it is held, so that does not happen.
  await Promise.all(remove.map((name) => dir.removeEntry(name).catch((err) => console.debug("ferry: could not remove", name, err))));
  return remove;
}
