// Which Ferry processes sharing a Redis are alive. Each keeps a heartbeat key that expires unless renewed;
// each looks for processes whose heartbeat has expired and reaps one of them (a lock makes sure only one
// process does), so that a process that died takes its devices with it within seconds: they leave their
// peers' lists. A process that finds its own heartbeat gone (it stalled too long, or Redis lost its data)
// was, or may be, reaped: it is told so (evicted) and must start its connections afresh.
import type { RedisClient } from "bun";

export interface LivenessOptions {
  /** How often the heartbeat is renewed and dead processes are looked for. */
  beatMs: number;
  /** A process silent this long counts as dead. */
  deadAfterMs: number;
}

export const LIVENESS: LivenessOptions = { beatMs: 1000, deadAfterMs: 5000 };

export interface LivenessEvents {
  /** `proc` is dead and this process holds its reaping lock: remove what it held. */
  reap(proc: string): Promise<void>;
  evicted(): void;
  error(err: Error): void;
}

export class Liveness {
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(
    private redis: RedisClient,
    private prefix: string,
    readonly proc: string,
    private opts: LivenessOptions,
    private events: LivenessEvents,
  ) {}

  private alive = (proc: string) => `${this.prefix}alive:${proc}`;

  private async register() {
    await this.redis.send("SET", [this.alive(this.proc), "1", "PX", String(this.opts.deadAfterMs)]);
    await this.redis.send("SADD", [`${this.prefix}procs`, this.proc]);
  }

  async start() {
    await this.register();
    this.timer = setInterval(() => void this.tick(), this.opts.beatMs);
  }

  private async tick() {
    if (this.busy) return;
    this.busy = true;
    try {
      // XX: renew only; nil means the key had expired, so other processes may have reaped this one.
      const renewed = await this.redis.send("SET", [this.alive(this.proc), "1", "XX", "PX", String(this.opts.deadAfterMs)]);
      if (renewed === null) {
        await this.register();
        this.events.evicted();
      }
      const procs = (await this.redis.send("SMEMBERS", [`${this.prefix}procs`])) as string[];
      for (const proc of procs) {
        if (proc === this.proc || (await this.redis.send("EXISTS", [this.alive(proc)])) === 1) continue;
        const lock = `${this.prefix}reap:${proc}`;
        if ((await this.redis.send("SET", [lock, this.proc, "NX", "PX", String(this.opts.deadAfterMs * 4)])) === null) continue;
        await this.events.reap(proc);
        await this.redis.send("SREM", [`${this.prefix}procs`, proc]);
        await this.redis.send("DEL", [lock]);
      }
    } catch (err) {
      this.events.error(err as Error);
    } finally {
      this.busy = false;
    }
  }

  /** Stop beating and let the others reap what is left at once. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.redis.send("DEL", [this.alive(this.proc)]);
  }
}
