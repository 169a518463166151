import { describe, expect, test } from "bun:test";
import { deviceLabelFor, displayNameFor } from "./names";

describe("display names", () => {
  test("the same seed always gives the same two-word name", () => {
    expect(displayNameFor("seed-123456")).toBe(displayNameFor("seed-123456"));
    expect(displayNameFor("seed-123456")).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  test("different seeds spread over many names", () => {
    const names = new Set(Array.from({ length: 200 }, (_, i) => displayNameFor(`device-${i}`)));
    expect(names.size).toBeGreaterThan(150);
  });
});

describe("device labels", () => {
  const cases: [string, string][] = [
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36", "Chrome on Android"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox on Mac"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36", "Chrome on Linux"],
    ["curl/8.0", "Browser"],
  ];
  for (const [ua, label] of cases) test(`${label}`, () => expect(deviceLabelFor(ua)).toBe(label));
});
