import { describe, expect, test } from "bun:test";
import { Progress } from "./progress";

describe("transfer progress", () => {
  test("speed is bytes over the window and time left follows from it", () => {
    const p = new Progress(10_000);
    p.update(0, 0);
    p.update(1000, 1000);
    p.update(2000, 2000);
    expect(p.bytesPerSecond(2000)).toBe(1000);
    expect(p.secondsLeft(2000)).toBe(8);
  });

  test("a stall lowers the speed instead of freezing it", () => {
    const p = new Progress(10_000);
    p.update(0, 0);
    p.update(2000, 1000);
    expect(p.bytesPerSecond(1000)).toBe(2000);
    expect(p.bytesPerSecond(4000)).toBe(500);
  });

  test("old samples leave the window", () => {
    const p = new Progress(1e9);
    p.update(0, 0);
    p.update(1_000_000, 1000);
    for (let t = 2000; t <= 10_000; t += 1000) p.update(1_000_000 + (t - 1000) * 10, t);
    expect(p.bytesPerSecond(10_000)).toBeCloseTo(10_000, -2);
  });

  test("time left is unknown before any progress", () => {
    expect(new Progress(100).secondsLeft(0)).toBeNull();
  });
});
