// What a sending page keeps of its transfers under way, so that after a reload it knows a receiver's `resume`
// for one of them and can ask its person to pick the same files again: which device, which files (size,
// modification time, the digests of their first and last blocks). Kept in IndexedDB (identity/kv.ts).
import { BLOCK_BYTES, blockCount, toHex, type Digest } from "./block-digest";
import type { KeyValue } from "./identity/kv";
import { PAUSE_TTL_MS } from "./pauses";
import type { FileMeta } from "./types";

/** One file as sent, and what tells it again: "" for the digests of an empty file. */
export interface SentFile extends FileMeta {
  lastModified: number;
  firstBlock: string;
  lastBlock: string;
}

export interface SentRecord {
  id: string;
  peerId: string;
  files: SentFile[];
  dirs: string[];
  /** When the record was written: it goes when a paused transfer would have expired (pauses.ts). */
  savedAt: number;
}

const KEY = "sent-transfers";

/** The SHA-256 of a file's first and of its last block (block-digest.ts's grid; one read for a small file). */
export async function fileEnds(file: Blob, digest: Digest): Promise<{ firstBlock: string; lastBlock: string }> {
  const blocks = blockCount(file.size);
  if (blocks === 0) return { firstBlock: "", lastBlock: "" };
  const block = async (i: number) => toHex(await digest(new Uint8Array(await file.slice(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES).arrayBuffer())));
  const firstBlock = await block(0);
  return { firstBlock, lastBlock: blocks === 1 ? firstBlock : await block(blocks - 1) };
}

export class SentRecords {
  /** Writes one after another: each reads the map the last one wrote. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private kv: KeyValue,
    private ttlMs = PAUSE_TTL_MS,
  ) {}

  async get(id: string, now = Date.now()): Promise<SentRecord | null> {
    await this.queue;
    const r = (await this.read())[id];
    return r && now - r.savedAt < this.ttlMs ? r : null;
  }

  put(record: SentRecord) {
    return this.change((all) => (all[record.id] = record));
  }

  remove(id: string) {
    return this.change((all) => delete all[id]);
  }

  private change(edit: (all: Record<string, SentRecord>) => void, now = Date.now()): Promise<void> {
    const step = this.queue.then(async () => {
      const all = await this.read();
      edit(all);
      for (const [id, r] of Object.entries(all)) if (now - r.savedAt >= this.ttlMs) delete all[id];
      await this.kv.put(KEY, all);
    });
    // A failed write (storage full or off) costs only the resume after a reload of this page.
    this.queue = step.catch((err) => console.info("ferry: could not keep a record of a transfer under way", err));
    return this.queue as Promise<void>;
  }

  private async read(): Promise<Record<string, SentRecord>> {
    const v = await this.kv.get(KEY);
    return typeof v === "object" && v !== null ? (v as Record<string, SentRecord>) : {};
  }
}
