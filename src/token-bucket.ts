// A token bucket as plain data, so any store can keep it (memory here, a Redis hash elsewhere).
export interface Bucket {
  tokens: number;
  at: number;
}

/** Take one token at time `now`; returns whether one was there, and the bucket's new state. */
export function takeToken(b: Bucket | undefined, now: number, burst: number, perMinute: number): { ok: boolean; bucket: Bucket } {
  const tokens = b ? Math.min(burst, b.tokens + ((now - b.at) / 60_000) * perMinute) : burst;
  return tokens >= 1 ? { ok: true, bucket: { tokens: tokens - 1, at: now } } : { ok: false, bucket: { tokens, at: now } };
}

/** A bucket that has refilled to `burst` holds nothing worth keeping. */
export function isFull(b: Bucket, now: number, burst: number, perMinute: number): boolean {
  return b.tokens + ((now - b.at) / 60_000) * perMinute >= burst;
}
