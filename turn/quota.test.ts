import { describe, expect, test } from "bun:test";
import { allocationVerdict, poolWatch, type AllocationHolder } from "./quota";

const limits = { perAddress: 3, perCredential: 2 };
const h = (client: string, username: string): AllocationHolder => ({ client, username });

describe("allocation quota", () => {
  test("counts allocations per client address", () => {
    const held = [h("198.51.100.1", "1:a"), h("198.51.100.1", "1:b"), h("198.51.100.1", "1:c")];
    expect(allocationVerdict(held, h("198.51.100.1", "1:d"), limits)).toEqual({ ok: false, reason: "address" });
    expect(allocationVerdict(held, h("198.51.100.2", "1:d"), limits)).toEqual({ ok: true });
  });

  test("counts allocations per credential owner across addresses and renewed credentials", () => {
    // The same peer id under two expiries is one owner: renewal does not reset its quota.
    const held = [h("198.51.100.1", "1700000000:peer-1"), h("198.51.100.2", "1700003000:peer-1")];
    expect(allocationVerdict(held, h("198.51.100.3", "1700003000:peer-1"), limits)).toEqual({ ok: false, reason: "credential" });
    expect(allocationVerdict(held, h("198.51.100.3", "1700003000:peer-2"), limits)).toEqual({ ok: true });
    expect(allocationVerdict(held, h("198.51.100.3", "1700003000:peer-1:x"), limits)).toEqual({ ok: true });
  });
});

describe("port pool watch", () => {
  test("warns once on reaching 90% of the pool and again only after falling below 75%", () => {
    const warnings: number[] = [];
    const watch = poolWatch(100, (used) => warnings.push(used));
    for (const used of [10, 89, 90, 95, 99, 80, 91, 74, 90]) watch(used);
    expect(warnings).toEqual([90, 90]);
  });

  test("a pool of one port warns when it is taken", () => {
    const warnings: number[] = [];
    const watch = poolWatch(1, (used) => warnings.push(used));
    watch(0);
    watch(1);
    expect(warnings).toEqual([1]);
  });
});
