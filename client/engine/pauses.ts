// How long paused transfers wait, and how much partial data they may keep: a transfer paused longer than
// PAUSE_TTL_MS expires, and when paused receives hold more than MAX_PAUSED_BYTES together the oldest pause
// expires first. An expired transfer fails and its partial data is removed (the caller does that).

/** A day: a phone left overnight can still finish in the morning. */
export const PAUSE_TTL_MS = 24 * 3600 * 1000;
/** Partial bytes kept for paused receives on this page, together. */
export const MAX_PAUSED_BYTES = 16 * 1024 ** 3;

interface Paused {
  at: number;
  bytes: number;
  timer: ReturnType<typeof setTimeout>;
}

export class Pauses {
  private paused = new Map<string, Paused>();

  constructor(
    private onExpire: (id: string) => void,
    private ttlMs = PAUSE_TTL_MS,
    private maxBytes = MAX_PAUSED_BYTES,
  ) {}

  /** Transfer `id` paused, keeping `bytes` of partial data here; returns when it expires (ms since the epoch). */
  pause(id: string, bytes: number, now = Date.now()): number {
    this.resumed(id);
    this.paused.set(id, { at: now, bytes, timer: setTimeout(() => this.expire(id), this.ttlMs) });
    // Oldest first, never the one just paused unless it alone is over the cap.
    let total = [...this.paused.values()].reduce((sum, p) => sum + p.bytes, 0);
    for (const [other, p] of [...this.paused].sort((a, b) => a[1].at - b[1].at)) {
      if (total <= this.maxBytes) break;
      total -= p.bytes;
      this.expire(other);
    }
    return now + this.ttlMs;
  }

  /** It resumed, was cancelled or ended otherwise: no longer counted. */
  resumed(id: string) {
    const p = this.paused.get(id);
    if (p) clearTimeout(p.timer);
    this.paused.delete(id);
  }

  get size() {
    return this.paused.size;
  }

  private expire(id: string) {
    if (!this.paused.has(id)) return;
    this.resumed(id);
    this.onExpire(id);
  }
}
