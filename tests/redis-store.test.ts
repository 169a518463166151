// RedisStore against a real Debian redis-server: the Store contract memory.ts meets, and what only several
// processes sharing one Redis have: deliveries across processes, concurrent changes, a process that dies.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { presence, storeContract } from "../src/store/contract";
import { RedisStore, type RedisStoreOptions } from "../src/store/redis";
import type { Delivery, Presence } from "../src/store/types";
import { startRedis, type RedisServer } from "./support/redis-server";

let redis: RedisServer;
const open: RedisStore[] = [];
const FAST = { beatMs: 100, deadAfterMs: 500 };

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
afterAll(() => redis.stop());

async function store(opts: RedisStoreOptions = {}) {
  const s = await RedisStore.connect(redis.url, { log: () => {}, ...opts });
  open.push(s);
  return s;
}

async function until(cond: () => boolean | Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out");
    await Bun.sleep(20);
  }
}

async function flush() {
  const c = new Bun.RedisClient(redis.url);
  await c.send("FLUSHALL", []);
  c.close();
}

storeContract("redis store", async (now) => {
  await flush();
  return store({ now });
});

describe("redis store shared by several processes", () => {
  beforeEach(flush);

  test("one process sees what another set, and its indexes", async () => {
    const [a, b] = [await store(), await store()];
    await a.setPresence(presence("X", "a:1", { rooms: ["R"] }));
    expect((await b.getPresence("X"))?.conn).toBe("a:1");
    expect(await b.inNetwork("net-1")).toContain("X");
    expect(await b.inRoom("R")).toEqual(["X"]);
    expect((await b.setPresence(presence("X", "b:1")))?.conn).toBe("a:1");
    expect(await a.inRoom("R")).toEqual([]);
  });

  test("a delivery reaches a connection in another process, in order; after unsubscribing nothing does", async () => {
    const [a, b] = [await store(), await store()];
    const got: Delivery[] = [];
    const receiver = { receive: (d: Delivery) => void got.push(d) };
    b.subscribe("b:7", receiver);
    const off = () => b.unsubscribe("b:7", receiver);
    await b.setPresence(presence("Y", "b:7")); // waits until the channel listens
    for (let i = 0; i < 20; i++) await a.deliver("b:7", { kind: "message", message: { type: "peer-left", id: `p${i}` } });
    await until(() => got.length === 20);
    expect(got.map((d) => (d.kind === "message" && d.message.type === "peer-left" ? d.message.id : "?"))).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
    off();
    await Bun.sleep(100);
    await a.deliver("b:7", { kind: "replaced" });
    await Bun.sleep(100);
    expect(got).toHaveLength(20);
  });

  test("a process listens on one channel for all its connections, not one each: 200 connections, one subscription", async () => {
    const [a, b] = [await store(), await store()];
    const got = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const conn = `b:${i}`;
      b.subscribe(conn, { receive: () => void got.set(conn, (got.get(conn) ?? 0) + 1) });
    }
    await b.setPresence(presence("Z", "b:199")); // waits until the channel listens
    const c = new Bun.RedisClient(redis.url);
    const channels = (await c.send("PUBSUB", ["CHANNELS", "ferry:*"])) as string[];
    c.close();
    expect(channels).toHaveLength(1);
    // Each delivery still reaches its own connection only.
    for (const i of [0, 57, 199]) await a.deliver(`b:${i}`, { kind: "replaced" });
    await until(() => got.size === 3);
    await Bun.sleep(100);
    expect(Object.fromEntries(got)).toEqual({ "b:0": 1, "b:57": 1, "b:199": 1 });
  });

  test("changes of one presence from two processes at once are all kept", async () => {
    const [a, b] = [await store(), await store()];
    await a.setPresence(presence("Z", "a:1"));
    const add = (s: RedisStore, room: string) => s.updatePresence("Z", "a:1", (p) => ({ ...p, rooms: [...p.rooms, room] }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => [add(a, `a${i}`), add(b, `b${i}`)]).flat());
    const rooms = (await a.getPresence("Z"))!.rooms;
    expect(rooms).toHaveLength(40);
    for (const r of rooms) expect(await b.inRoom(r)).toEqual(["Z"]);
  });

  test("token buckets are shared", async () => {
    const [a, b] = [await store(), await store()];
    expect([await a.take("k", 2, 1), await a.take("k", 2, 1), await b.take("k", 2, 1)]).toEqual([true, true, false]);
  });

  test("a process that dies is reaped: its presences go, with their indexes, and the others are told", async () => {
    const lost: Presence[] = [];
    const b = await store({ liveness: FAST });
    b.watch({ lost: async (p) => void lost.push(p), evicted: () => {} });
    // A real process, killed without a chance to clean up.
    const code = `import { RedisStore } from ${JSON.stringify(join(import.meta.dir, "../src/store/redis.ts"))};
      const s = await RedisStore.connect(${JSON.stringify(redis.url)}, { liveness: ${JSON.stringify(FAST)} });
      await s.setPresence({ device: "D", conn: "dead:1", name: "D", label: "x", network: "net-9", rooms: ["R9"], paired: [], unpaired: [] });
      console.log("ready");`;
    const child = Bun.spawn(["bun", "-e", code], { stdout: "pipe", stderr: "inherit" });
    const first = await child.stdout.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain("ready");
    expect(await b.inNetwork("net-9")).toEqual(["D"]);
    const killedAt = Date.now();
    child.kill("SIGKILL");
    await child.exited;
    await until(() => lost.length === 1);
    console.log(`a killed process's devices were reaped ${Date.now() - killedAt} ms later (dead after ${FAST.deadAfterMs} ms)`);
    expect(lost[0]).toMatchObject({ device: "D", conn: "dead:1" });
    expect(await b.getPresence("D")).toBeNull();
    expect(await b.inNetwork("net-9")).toEqual([]);
    expect(await b.inRoom("R9")).toEqual([]);
  });

  test("a process that finds itself taken for dead is told so", async () => {
    let evicted = 0;
    const a = await store({ liveness: FAST });
    a.watch({ lost: async () => {}, evicted: () => void evicted++ });
    const c = new Bun.RedisClient(redis.url);
    await c.send("DEL", [`ferry:alive:${a.proc}`]); // as if it had stalled past its heartbeat
    c.close();
    await until(() => evicted === 1);
  });
});
