// What every Store must do, run against each implementation: memory.test.ts and tests/redis-store.test.ts.
import { describe, expect, test } from "bun:test";
import type { Delivery, Presence, Store } from "./types";

export const presence = (device: string, conn: string, extra: Partial<Presence> = {}): Presence => ({
  device,
  conn,
  name: device,
  label: "Browser",
  network: "net-1",
  rooms: [],
  paired: [],
  unpaired: [],
  ...extra,
});

/** `make` gives a fresh, empty store (with `now` as its clock for token buckets, when given). */
export function storeContract(name: string, make: (now?: () => number) => Promise<Store>) {
  describe(name, () => {
    describe("presence", () => {
      test("a device has one live presence; a second connection replaces the first and says which", async () => {
        const s = await make();
        expect(await s.setPresence(presence("A", "c1"))).toBeNull();
        expect((await s.setPresence(presence("A", "c2")))?.conn).toBe("c1");
        expect((await s.getPresence("A"))?.conn).toBe("c2");
        expect(await s.inNetwork("net-1")).toEqual(["A"]);
      });

      test("only the connection that holds a presence can change or remove it", async () => {
        const s = await make();
        await s.setPresence(presence("A", "c1"));
        await s.setPresence(presence("A", "c2"));
        expect(await s.updatePresence("A", "c1", (p) => ({ ...p, name: "stale" }))).toBeNull();
        expect(await s.removePresence("A", "c1")).toBeNull();
        expect((await s.updatePresence("A", "c2", (p) => ({ ...p, name: "fresh" })))?.after.name).toBe("fresh");
        expect((await s.removePresence("A", "c2"))?.name).toBe("fresh");
        expect(await s.getPresence("A")).toBeNull();
        expect(await s.inNetwork("net-1")).toEqual([]);
      });

      test("network and room indexes follow every change", async () => {
        const s = await make();
        await s.setPresence(presence("A", "a", { rooms: ["R"] }));
        await s.setPresence(presence("B", "b", { network: "net-2", rooms: ["R"] }));
        expect((await s.inRoom("R")).sort()).toEqual(["A", "B"]);
        expect(await s.inNetwork("net-2")).toEqual(["B"]);
        await s.updatePresence("B", "b", (p) => ({ ...p, rooms: [], network: "net-1" }));
        expect(await s.inRoom("R")).toEqual(["A"]);
        expect((await s.inNetwork("net-1")).sort()).toEqual(["A", "B"]);
        expect((await s.getPresences(["B", "nobody", "A"])).map((p) => p.device)).toEqual(["B", "A"]);
      });
    });

    describe("temporary rooms", () => {
      test("a room lives while it has members and ends a grace period after the last one leaves", async () => {
        const s = await make();
        expect(await s.createRoom("R", 60)).toBe(true);
        expect(await s.createRoom("R", 60)).toBe(false);
        await s.setPresence(presence("A", "a", { rooms: ["R"] }));
        await Bun.sleep(100);
        expect(await s.roomExists("R")).toBe(true);
        await s.removePresence("A", "a");
        expect(await s.roomExists("R")).toBe(true);
        // A reload within the grace keeps the room.
        await s.setPresence(presence("A", "a2", { rooms: ["R"] }));
        await Bun.sleep(100);
        expect(await s.roomExists("R")).toBe(true);
        await s.removePresence("A", "a2");
        await Bun.sleep(100);
        expect(await s.roomExists("R")).toBe(false);
        await s.close();
      });

      test("a room nobody enters ends after its grace", async () => {
        const s = await make();
        await s.createRoom("R", 30);
        await Bun.sleep(80);
        expect(await s.roomExists("R")).toBe(false);
      });
    });

    describe("codes", () => {
      test("a code gives its value once, and nothing after it expires", async () => {
        const s = await make();
        expect(await s.putCode("pair:1", "A", 1000)).toBe(true);
        expect(await s.putCode("pair:1", "B", 1000)).toBe(false);
        expect(await s.takeCode("pair:1")).toBe("A");
        expect(await s.takeCode("pair:1")).toBeNull();
        await s.putCode("pair:2", "A", 30);
        await Bun.sleep(80);
        expect(await s.takeCode("pair:2")).toBeNull();
        await s.putCode("pair:3", "A", 1000);
        await s.deleteCode("pair:3");
        expect(await s.takeCode("pair:3")).toBeNull();
        await s.close();
      });
    });

    describe("token buckets", () => {
      test("a bucket allows its burst, then refills at its rate", async () => {
        let now = 0;
        const s = await make(() => now);
        const takes = async (n: number) => {
          let ok = 0;
          for (let i = 0; i < n; i++) if (await s.take("k", 3, 6)) ok++;
          return ok;
        };
        expect(await takes(5)).toBe(3);
        now += 10_000; // 6 per minute: one token per 10 s
        expect(await takes(5)).toBe(1);
        now += 60 * 60_000;
        expect(await takes(5)).toBe(3);
        expect(await s.take("other", 1, 1)).toBe(true);
      });
    });

    describe("delivery", () => {
      test("a delivery reaches its connection's subscriber, and nobody after unsubscribing", async () => {
        const s = await make();
        const got: Delivery[] = [];
        const receiver = { receive: (d: Delivery) => void got.push(d) };
        s.subscribe("c1", receiver);
        const off = () => s.unsubscribe("c1", receiver);
        await s.deliver("c1", { kind: "replaced" });
        await s.deliver("c2", { kind: "replaced" });
        off();
        await s.deliver("c1", { kind: "replaced" });
        expect(got).toEqual([{ kind: "replaced" }]);
      });
    });
  });
}
