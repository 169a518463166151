import { describe, expect, test } from "bun:test";
import { formatBytes, formatEta, formatSpeed, formatSummary, percent } from "./format";

describe("formatBytes", () => {
  test("shows small sizes in whole bytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
  });
  test("uses decimal units with one decimal below 100", () => {
    expect(formatBytes(1500)).toBe("1.5 KB");
    expect(formatBytes(12_345_678)).toBe("12.3 MB");
    expect(formatBytes(250_000_000)).toBe("250 MB");
    expect(formatBytes(4_700_000_000)).toBe("4.7 GB");
  });
  test("refuses nonsense", () => {
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatSpeed", () => {
  test("reads as bytes per second", () => {
    expect(formatSpeed(12_300_000)).toBe("12.3 MB/s");
  });
  test("shows a dash while nothing moves", () => {
    expect(formatSpeed(0)).toBe("—");
  });
});

describe("formatEta", () => {
  test("is null while unknown", () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(Number.POSITIVE_INFINITY)).toBeNull();
  });
  test("rounds up seconds under a minute", () => {
    expect(formatEta(7.2)).toBe("8 s left");
  });
  test("uses minutes and hours for long transfers", () => {
    expect(formatEta(180)).toBe("3 min left");
    expect(formatEta(3600)).toBe("1 h left");
    expect(formatEta(3900)).toBe("1 h 5 min left");
  });
});

describe("percent", () => {
  test("never says 100 before the last byte", () => {
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
  });
  test("calls an empty transfer not started (the UI shows 100 once it is done)", () => {
    expect(percent(0, 0)).toBe(0);
  });
  test("stays within 0 to 100", () => {
    expect(percent(2000, 1000)).toBe(100);
    expect(percent(-5, 1000)).toBe(0);
  });
});

describe("formatSummary", () => {
  test("says how much, how long and how fast", () => {
    expect(formatSummary(42_000_000, 1000, 9000)).toBe(`${formatBytes(42_000_000)} in 8.0 s · ${formatSpeed(5_250_000)}`);
    expect(formatSummary(1e9, 0, 125_000)).toBe(`${formatBytes(1e9)} in 2 min · ${formatSpeed(8e6)}`);
  });
  test("is absent for a transfer that never started", () => {
    expect(formatSummary(10, null, 5)).toBeNull();
  });
});
