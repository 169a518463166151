// The devices this one is paired with, kept by the browser: their public keys (pinned: a later proof must show
// the same key), ids and names. And tombstones: devices unpaired here while they may have been away, so the
// server can tell them when both are online. The server keeps none of this beyond a connection.
import { DEVICE_ID_PATTERN, MAX_PAIRINGS } from "../../../src/protocol";
import type { KeyValue } from "./kv";

export interface Pairing {
  id: string;
  /** base64url of its raw Ed25519 public key, as its channel proof showed it at pairing. */
  publicKey: string;
  name: string;
  device: string;
  since: number;
  /** The person lets this device's files be accepted and saved without asking (absent in older records: no). */
  autoSave?: boolean;
}

interface Record_ {
  paired: Pairing[];
  unpaired: { id: string; at: number }[];
}

const RECORD = "pairings";

const isPairing = (v: unknown): v is Pairing => {
  const p = v as Pairing;
  return typeof v === "object" && v !== null && DEVICE_ID_PATTERN.test(p.id) && typeof p.publicKey === "string" && typeof p.name === "string" && typeof p.device === "string" && typeof p.since === "number";
};

export class Pairings {
  private rec: Record_ = { paired: [], unpaired: [] };

  constructor(private kv: KeyValue) {}

  /** Read what is stored (another tab of this browser may have changed it). */
  async load(): Promise<this> {
    const v = (await this.kv.get(RECORD)) as Partial<Record_> | undefined;
    this.rec = {
      paired: Array.isArray(v?.paired) ? v.paired.filter(isPairing) : [],
      unpaired: Array.isArray(v?.unpaired) ? v.unpaired.filter((u) => typeof u?.id === "string" && DEVICE_ID_PATTERN.test(u.id)) : [],
    };
    return this;
  }

  list(): Pairing[] {
    return this.rec.paired;
  }

  get(id: string): Pairing | undefined {
    return this.rec.paired.find((p) => p.id === id);
  }

  unpairedIds(): string[] {
    return this.rec.unpaired.map((u) => u.id);
  }

  async add(p: Pairing) {
    this.rec.paired = [...this.rec.paired.filter((q) => q.id !== p.id), p].slice(-MAX_PAIRINGS);
    this.rec.unpaired = this.rec.unpaired.filter((u) => u.id !== p.id);
    await this.save();
  }

  /** Forget a pairing; `tombstone` when this end decided, so the other end learns of it when it is back. */
  async remove(id: string, tombstone: boolean) {
    this.rec.paired = this.rec.paired.filter((p) => p.id !== id);
    this.rec.unpaired = this.rec.unpaired.filter((u) => u.id !== id);
    if (tombstone) this.rec.unpaired = [...this.rec.unpaired, { id, at: Date.now() }].slice(-MAX_PAIRINGS);
    await this.save();
  }

  /** Keep the name a paired device last had, to show it while it is away. */
  async rename(id: string, name: string) {
    const p = this.get(id);
    if (!p || p.name === name) return;
    this.rec.paired = this.rec.paired.map((q) => (q.id === id ? { ...q, name } : q));
    await this.save();
  }

  async setAutoSave(id: string, on: boolean) {
    if (!this.get(id)) return;
    this.rec.paired = this.rec.paired.map((q) => (q.id === id ? { ...q, autoSave: on } : q));
    await this.save();
  }

  private save() {
    return this.kv.put(RECORD, this.rec);
  }
}
