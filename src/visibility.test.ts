import { expect, test } from "bun:test";
import { canSee, visibleTo } from "./visibility";
import { MemoryStore } from "./store/memory";
import type { Presence } from "./store/types";

const p = (device: string, network: string, extra: Partial<Presence> = {}): Presence => ({ device, conn: `c-${device}`, name: device, label: "", network, rooms: [], paired: [], unpaired: [], ...extra });

test("devices see each other on one network, in one room, or when both claim each other", () => {
  expect(canSee(p("A", "n1"), p("B", "n1"))).toBe(true);
  expect(canSee(p("A", "n1"), p("B", "n2"))).toBe(false);
  expect(canSee(p("A", "n1", { rooms: ["R"] }), p("B", "n2", { rooms: ["R"] }))).toBe(true);
  expect(canSee(p("A", "n1", { rooms: ["R"] }), p("B", "n2", { rooms: ["S"] }))).toBe(false);
  expect(canSee(p("A", "n1", { paired: ["B"] }), p("B", "n2", { paired: ["A"] }))).toBe(true);
  // One-sided claims reveal nothing: anyone can claim anyone.
  expect(canSee(p("A", "n1", { paired: ["B"] }), p("B", "n2"))).toBe(false);
  expect(canSee(p("A", "n1"), p("B", "n2", { paired: ["A"] }))).toBe(false);
  expect(canSee(p("A", "n1"), p("A", "n1"))).toBe(false);
});

test("visibleTo gathers network, room and paired devices and keeps only those that see back", async () => {
  const s = new MemoryStore();
  const me = p("A", "n1", { rooms: ["R"], paired: ["P", "Q"] });
  for (const o of [me, p("N", "n1"), p("R1", "n2", { rooms: ["R"] }), p("P", "n3", { paired: ["A"] }), p("Q", "n4"), p("X", "n5")]) await s.setPresence(o);
  expect((await visibleTo(s, me)).map((o) => o.device).sort()).toEqual(["N", "P", "R1"]);
});
