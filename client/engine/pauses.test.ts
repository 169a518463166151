import { describe, expect, test } from "bun:test";
import { Pauses } from "./pauses";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("paused transfers expire", () => {
  test("after the time they are kept, not before, and not once resumed", async () => {
    const expired: string[] = [];
    const p = new Pauses((id) => expired.push(id), 80);
    const until = p.pause("a", 10, 1000);
    expect(until).toBe(1080);
    p.pause("b", 10);
    p.resumed("b");
    await sleep(30);
    expect(expired).toEqual([]);
    await sleep(100);
    expect(expired).toEqual(["a"]);
    expect(p.size).toBe(0);
  });

  test("when their partial data together passes the cap, the oldest pauses expire first", async () => {
    const expired: string[] = [];
    const p = new Pauses((id) => expired.push(id), 60_000, 100);
    p.pause("old", 60, 1);
    p.pause("mid", 30, 2);
    expect(expired).toEqual([]);
    p.pause("new", 30, 3);
    expect(expired).toEqual(["old"]);
    // One over the cap on its own goes at once.
    p.pause("huge", 500, 4);
    expect(expired).toEqual(["old", "mid", "new", "huge"]);
    expect(p.size).toBe(0);
  });
});
