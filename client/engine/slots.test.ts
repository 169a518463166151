import { expect, test } from "bun:test";
import { Slots } from "./slots";

test("no more than the bound run at once, and every piece of work runs", async () => {
  const slots = new Slots(2);
  let running = 0;
  let most = 0;
  const done: number[] = [];
  const work = (i: number) =>
    slots.run(async () => {
      most = Math.max(most, ++running);
      await Bun.sleep(5);
      running--;
      done.push(i);
    });
  await Promise.all([0, 1, 2, 3, 4].map(work));
  expect(most).toBe(2);
  expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
});

test("a failing piece of work gives its slot back", async () => {
  const slots = new Slots(1);
  await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  expect(await slots.run(async () => "next")).toBe("next");
});
