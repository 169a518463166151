import { describe, expect, test } from "bun:test";
import { newPairCode, newRoomCode, normalizePairCode, normalizeRoomCode } from "./codes";
import { GUESS_LIMITS, mayGuess, throttleKeyFor } from "./guessing";
import { MemoryStore } from "./store/memory";

describe("codes", () => {
  test("pair codes are 6 digits, spread over the whole range", () => {
    const codes = Array.from({ length: 2000 }, newPairCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    // Every leading digit shows up: no range is left out (a modulo slip would skew or cut it).
    expect(new Set(codes.map((c) => c[0])).size).toBe(10);
  });

  test("room codes are 8 Crockford base32 characters", () => {
    const codes = Array.from({ length: 500 }, newRoomCode);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(500);
  });

  test("typed codes are read forgivingly and refused when they cannot be codes", () => {
    expect(normalizePairCode(" 123 456 ")).toBe("123456");
    expect(normalizePairCode("123-456")).toBe("123456");
    expect(normalizePairCode("12345")).toBeNull();
    expect(normalizePairCode("12345a")).toBeNull();
    expect(normalizeRoomCode("abcd-efgh")).toBe("ABCDEFGH");
    expect(normalizeRoomCode("o1il zzzz")).toBe("0111ZZZZ");
    expect(normalizeRoomCode("ABCDEFGU")).toBeNull();
    expect(normalizeRoomCode("ABC")).toBeNull();
  });
});

describe("guessing is throttled", () => {
  test("per connection, then per address, then for the whole server", async () => {
    const store = new MemoryStore(() => 0);
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (await mayGuess(store, "conn-1", "203.0.113.5", "pair")) allowed++;
    expect(allowed).toBe(GUESS_LIMITS.connection.burst);
    // New connections from the same address share its bucket.
    for (let c = 2; c < 10; c++) for (let i = 0; i < 5; i++) if (await mayGuess(store, `conn-${c}`, "203.0.113.5", "pair")) allowed++;
    expect(allowed).toBe(GUESS_LIMITS.address.burst);
    // Addresses in one IPv6 /64 count as one.
    let v6 = 0;
    for (let i = 0; i < 40; i++) if (await mayGuess(store, `v6-${i}`, `2001:db8:1:2::${i.toString(16)}`, "pair")) v6++;
    expect(v6).toBe(GUESS_LIMITS.address.burst);
    // Many addresses together stop at the server's bucket.
    let spread = 0;
    for (let i = 0; i < 300; i++) if (await mayGuess(store, `s-${i}`, `198.51.100.${i % 250}`, "pair")) spread++;
    expect(spread).toBe(GUESS_LIMITS.server.burst - 20);
    // Room guesses have their own buckets.
    expect(await mayGuess(store, "conn-1", "203.0.113.5", "room")).toBe(true);
  });

  test("throttle keys: IPv4 as is, IPv6 by /64, v4-mapped as IPv4", () => {
    expect(throttleKeyFor("203.0.113.5")).toBe("203.0.113.5");
    expect(throttleKeyFor("::ffff:203.0.113.5")).toBe("203.0.113.5");
    expect(throttleKeyFor("2001:db8:1:2:aaaa::1")).toBe(throttleKeyFor("2001:db8:1:2::ffff"));
    expect(throttleKeyFor("2001:db8:1:3::1")).not.toBe(throttleKeyFor("2001:db8:1:2::1"));
  });
});
