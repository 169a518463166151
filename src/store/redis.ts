// The Store in Redis, for several Ferry processes behind one load balancer (issue 13): presences and their
// indexes, temporary rooms, codes and buckets are Redis keys (codes, buckets and ended rooms expire on their
// own), deliveries to a connection in another process go through pub/sub on a channel per process, and
// processes watch each other's heartbeats (redis-liveness.ts) so that a process that dies is reaped.
//
// Bun's built-in Redis client (RESP3), checked against Debian's redis-server 7.0. Two connections: one for
// commands (auto-pipelined), one in subscriber mode. Changes that must be atomic are Lua scripts
// (redis-scripts.ts).
import { RedisClient } from "bun";
import { LIVENESS, Liveness, type LivenessOptions } from "./redis-liveness";
import { SCRIPTS, type ScriptName } from "./redis-scripts";
import type { Delivery, Presence, Receiver, Store, StoreEvents } from "./types";

const PREFIX = "ferry:";
/** updatePresence retries this often when other processes keep changing the same presence. */
const MAX_CONFLICTS = 50;

interface Stored {
  proc: string;
  p: Presence;
}

export interface RedisStoreOptions {
  liveness?: LivenessOptions;
  now?: () => number;
  log?: (level: "warn" | "error", msg: string) => void;
}

export class RedisStore implements Store {
  /** This process, as the keys and heartbeats know it. */
  readonly proc = crypto.getRandomValues(new Uint32Array(2)).join("-");
  /** This process's connections and who receives for each. */
  private receivers = new Map<string, Receiver>();
  /**
   * The channels this process listens on, with their SUBSCRIBE: a presence is published only once its
   * connection's channel listens. One channel per process (the prefix of its connection ids), not one per
   * connection: a SUBSCRIBE per join cost a round trip before every welcome and memory here and in Redis
   * per connection. Kept while the process lives: there is one prefix per process using this store.
   */
  private channels = new Map<string, Promise<unknown>>();
  private shas = new Map<ScriptName, string>();
  private events: StoreEvents | null = null;
  private liveness: Liveness;
  private now: () => number;
  private log: NonNullable<RedisStoreOptions["log"]>;

  private constructor(
    private cmd: RedisClient,
    private sub: RedisClient,
    opts: RedisStoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? ((level, msg) => console[level](msg));
    this.liveness = new Liveness(cmd, PREFIX, this.proc, opts.liveness ?? LIVENESS, {
      reap: (proc) => this.reap(proc),
      evicted: () => {
        this.log("warn", "redis: this process was taken for stopped (it stalled, or Redis lost its data); its connections start afresh");
        this.events?.evicted();
      },
      error: (err) => this.log("error", `redis: heartbeat: ${err.message}`),
    });
  }

  /** Connects (rejecting when Redis cannot be reached) and starts the heartbeat. */
  static async connect(url: string, opts: RedisStoreOptions = {}): Promise<RedisStore> {
    // First once, without retries, so that a wrong URL or password fails start-up at once; then for good,
    // riding out a Redis restart (commands wait in the client's queue meanwhile).
    const probe = new RedisClient(url, { connectionTimeout: 5000, autoReconnect: false });
    try {
      await probe.send("PING", []);
    } finally {
      probe.close();
    }
    const options = { connectionTimeout: 5000, maxRetries: 1000 };
    const cmd = new RedisClient(url, options);
    const sub = new RedisClient(url, options);
    await Promise.all([cmd.connect(), sub.connect()]);
    const store = new RedisStore(cmd, sub, opts);
    await store.liveness.start();
    return store;
  }

  watch(events: StoreEvents) {
    this.events = events;
  }

  private key = (kind: string, id: string) => `${PREFIX}${kind}:${id}`;
  /** Connection ids are "<process>:<n>" (signaling.ts): the channel is the process's. */
  private channel = (conn: string) => `${PREFIX}conns:${conn.slice(0, Math.max(0, conn.lastIndexOf(":")))}`;
  /** A delivery through a process's channel names its connection. */
  private listener = (message: string) => {
    const { conn, d } = JSON.parse(message) as { conn: string; d: Delivery };
    this.receivers.get(conn)?.receive(d);
  };

  /** EVALSHA, loading the script first (and again after Redis restarted and forgot it). */
  private async run(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    let sha = this.shas.get(name);
    for (let attempt = 0; ; attempt++) {
      if (!sha) this.shas.set(name, (sha = (await this.cmd.send("SCRIPT", ["LOAD", SCRIPTS[name]])) as string));
      try {
        return await this.cmd.send("EVALSHA", [sha, String(keys.length), ...keys, PREFIX, ...args]);
      } catch (err) {
        if (attempt > 0 || !String((err as Error).message).includes("NOSCRIPT")) throw err;
        sha = undefined;
      }
    }
  }

  private stored = (p: Presence, proc: string) => JSON.stringify({ proc, p } satisfies Stored);
  private parse = (raw: unknown): Stored | null => (typeof raw === "string" ? (JSON.parse(raw) as Stored) : null);

  async setPresence(p: Presence): Promise<Presence | null> {
    await this.channels.get(this.channel(p.conn));
    return this.parse(await this.run("setPresence", [this.key("p", p.device)], [this.stored(p, this.proc)]))?.p ?? null;
  }

  async updatePresence(device: string, conn: string, change: (p: Presence) => Presence) {
    for (let i = 0; i < MAX_CONFLICTS; i++) {
      const raw = await this.cmd.get(this.key("p", device));
      const before = this.parse(raw);
      if (!before || before.p.conn !== conn) return null;
      const after = change(before.p);
      if ((await this.run("replacePresence", [this.key("p", device)], [raw!, this.stored(after, before.proc)])) === 1) return { before: before.p, after };
    }
    throw new Error(`presence of ${device} changed ${MAX_CONFLICTS} times while it was being updated`);
  }

  async removePresence(device: string, conn: string): Promise<Presence | null> {
    return this.parse(await this.run("removePresence", [this.key("p", device)], [conn]))?.p ?? null;
  }

  async getPresence(device: string) {
    return this.parse(await this.cmd.get(this.key("p", device)))?.p ?? null;
  }

  async getPresences(devices: string[]) {
    if (devices.length === 0) return [];
    const raws = (await this.cmd.send("MGET", devices.map((d) => this.key("p", d)))) as (string | null)[];
    return raws.flatMap((r) => this.parse(r)?.p ?? []);
  }

  async inNetwork(network: string) {
    return (await this.cmd.send("SMEMBERS", [this.key("net", network)])) as string[];
  }

  async inRoom(room: string) {
    return (await this.cmd.send("SMEMBERS", [this.key("room", room)])) as string[];
  }

  async createRoom(room: string, graceMs: number) {
    return (await this.run("createRoom", [this.key("roomx", room)], [room, String(graceMs)])) === 1;
  }

  async roomExists(room: string) {
    return (await this.cmd.send("EXISTS", [this.key("roomx", room)])) === 1;
  }

  async putCode(code: string, value: string, ttlMs: number) {
    return (await this.cmd.send("SET", [this.key("code", code), value, "NX", "PX", String(ttlMs)])) === "OK";
  }

  async takeCode(code: string) {
    return (await this.cmd.send("GETDEL", [this.key("code", code)])) as string | null;
  }

  async deleteCode(code: string) {
    await this.cmd.send("DEL", [this.key("code", code)]);
  }

  async take(bucket: string, burst: number, perMinute: number) {
    return (await this.run("take", [this.key("bucket", bucket)], [String(burst), String(perMinute), String(Math.round(this.now()))])) === 1;
  }

  /** A connection of this process is handed its delivery at once, as in memory; any other, through Redis. */
  async deliver(conn: string, d: Delivery) {
    const local = this.receivers.get(conn);
    if (local) return local.receive(d);
    await this.cmd.publish(this.channel(conn), JSON.stringify({ conn, d }));
  }

  subscribe(conn: string, receiver: Receiver) {
    this.receivers.set(conn, receiver);
    const channel = this.channel(conn);
    if (!this.channels.has(channel))
      this.channels.set(channel, this.sub.subscribe(channel, this.listener).catch((err: Error) => this.log("error", `redis: subscribe ${channel}: ${err.message}`)));
  }

  unsubscribe(conn: string, receiver: Receiver) {
    if (this.receivers.get(conn) === receiver) this.receivers.delete(conn);
  }

  /** Remove what a dead process held, and have its devices' peers told. */
  private async reap(proc: string) {
    const held = this.key("held", proc);
    const devices = (await this.cmd.send("SMEMBERS", [held])) as string[];
    for (const device of devices) {
      const s = this.parse(await this.cmd.get(this.key("p", device)));
      if (s?.proc !== proc) continue;
      const gone = await this.removePresence(device, s.p.conn);
      if (gone) await this.events?.lost(gone);
    }
    await this.cmd.send("DEL", [held]);
  }

  async close() {
    // With Redis gone the others reap this process once Redis is back and its heartbeat has expired.
    await this.liveness.stop().catch((err: Error) => this.log("warn", `redis: could not end the heartbeat: ${err.message}`));
    this.cmd.close();
    this.sub.close();
  }
}
