// A bound on work running at once: the engine sends at most so many file streams together, whatever the
// number of recipients, so reading, hashing and the channels' queues stay within what one device can carry.
export class Slots {
  private free: number;
  private waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Run `work` once a slot is free; the slot is given back however it ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
