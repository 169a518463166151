// Speed and time left from a sliding window of byte counts, so a stall shows at once and a burst does not mislead.
const WINDOW_MS = 3000;

export class Progress {
  private samples: { t: number; bytes: number }[] = [];

  constructor(private total: number) {}

  /** Record that `bytes` in total are done at time `now` (ms). */
  update(bytes: number, now = Date.now()) {
    this.samples.push({ t: now, bytes });
    while (this.samples.length > 2 && now - this.samples[1]!.t > WINDOW_MS) this.samples.shift();
  }

  bytesPerSecond(now = Date.now()): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.t === first.t) return 0;
    // A stalled transfer: count the time since the last byte as well.
    return ((last.bytes - first.bytes) * 1000) / (Math.max(now, last.t) - first.t);
  }

  secondsLeft(now = Date.now()): number | null {
    const last = this.samples[this.samples.length - 1];
    const bps = this.bytesPerSecond(now);
    if (!last || bps <= 0) return null;
    return Math.max(0, (this.total - last.bytes) / bps);
  }
}
