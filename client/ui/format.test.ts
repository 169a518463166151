import { describe, expect, test } from "bun:test";
import { formatBytes, formatEta, formatSpeed, formatTook, percent, summaryParts } from "./format";

describe("formatBytes", () => {
  test("shows small sizes in whole bytes", () => {
    expect(formatBytes(0, "en")).toBe("0 B");
    expect(formatBytes(999, "en")).toBe("999 B");
  });
  test("uses decimal units with one decimal below 100", () => {
    expect(formatBytes(1500, "en")).toBe("1.5 kB");
    expect(formatBytes(12_345_678, "en")).toBe("12.3 MB");
    expect(formatBytes(12_000_000, "en")).toBe("12.0 MB");
    expect(formatBytes(250_000_000, "en")).toBe("250 MB");
    expect(formatBytes(4_700_000_000, "en")).toBe("4.7 GB");
  });
  test("follows the locale's digits and separators", () => {
    expect(formatBytes(1_500_000, "de")).toBe("1,5 MB");
    expect(formatBytes(12_345_678, "zh-CN")).toBe("12.3 MB");
  });
  test("refuses nonsense", () => {
    expect(formatBytes(-1, "en")).toBe("—");
    expect(formatBytes(Number.NaN, "en")).toBe("—");
  });
});

describe("formatSpeed", () => {
  test("reads as bytes per second in the locale's words", () => {
    expect(formatSpeed(12_300_000, "en")).toBe("12.3 MB/s");
    expect(formatSpeed(12_300_000, "zh-CN")).toBe("12.3 MB/秒");
    expect(formatSpeed(500, "en")).toBe("500 B/s");
  });
  test("shows a dash while nothing moves", () => {
    expect(formatSpeed(0, "en")).toBe("—");
  });
});

describe("formatEta", () => {
  test("is null while unknown", () => {
    expect(formatEta(null, "en")).toBeNull();
    expect(formatEta(Number.POSITIVE_INFINITY, "en")).toBeNull();
  });
  test("rounds up seconds under a minute", () => {
    expect(formatEta(7.2, "en")).toBe("8 sec");
  });
  test("uses minutes and hours for long transfers", () => {
    expect(formatEta(180, "en")).toBe("3 min");
    expect(formatEta(3600, "en")).toBe("1 hr");
    expect(formatEta(3900, "en")).toBe("1 hr 5 min");
  });
  test("speaks Chinese units in Chinese", () => {
    expect(formatEta(180, "zh-CN")).toBe("3分钟");
    expect(formatEta(3900, "zh-CN")).toBe("1小时5分钟");
    expect(formatEta(180, "zh-TW")).toMatch(/^3 ?分鐘$/);
  });
});

describe("formatTook", () => {
  test("keeps a decimal for short transfers only", () => {
    expect(formatTook(4.24, "en")).toBe("4.2 sec");
    expect(formatTook(41.4, "en")).toBe("41 sec");
    expect(formatTook(125, "en")).toBe("2 min");
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

describe("summaryParts", () => {
  test("says how much, how long and how fast", () => {
    expect(summaryParts(42_000_000, 1000, 9000, "en")).toEqual({ size: "42.0 MB", took: "8.0 sec", speed: "5.3 MB/s" });
    expect(summaryParts(1e9, 0, 125_000, "en")).toEqual({ size: "1.0 GB", took: "2 min", speed: "8.0 MB/s" });
  });
  test("is absent for a transfer that never started", () => {
    expect(summaryParts(10, null, 5, "en")).toBeNull();
  });
});
