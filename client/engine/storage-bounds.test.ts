import { describe, expect, test } from "bun:test";
import { planSweep, type StoredEntry } from "./storage-bounds";

const H = 3600 * 1000;
const now = 100 * H;
const entry = (name: string, o: Partial<StoredEntry> = {}): StoredEntry => ({ name, bytes: 10, modified: now - H, held: false, resumable: false, ...o });

describe("planSweep", () => {
  test("a file no page holds goes at once unless kept for resuming", () => {
    expect(planSweep([entry("closed-mid-transfer"), entry("finished-never-dismissed", { modified: now })], now, 24 * H, 1000)).toEqual(["closed-mid-transfer", "finished-never-dismissed"]);
  });

  test("held files stay, whatever their age and size", () => {
    expect(planSweep([entry("a", { held: true, modified: 0, bytes: 1e12 })], now, 24 * H, 1000)).toEqual([]);
  });

  test("kept files go past the age, then oldest first over the bytes", () => {
    const entries = [
      entry("old", { resumable: true, modified: now - 25 * H }),
      entry("older-kept", { resumable: true, modified: now - 3 * H, bytes: 600 }),
      entry("newer-kept", { resumable: true, modified: now - 2 * H, bytes: 600 }),
      entry("newest-kept", { resumable: true, modified: now - H, bytes: 300 }),
    ];
    expect(planSweep(entries, now, 24 * H, 1000)).toEqual(["old", "older-kept"]);
  });
});
