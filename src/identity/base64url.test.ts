import { expect, test } from "bun:test";
import { fromBase64url, toBase64url } from "./base64url";

test("base64url round-trips bytes and refuses what is not canonical base64url", () => {
  for (const n of [0, 1, 2, 3, 16, 32, 64]) {
    const b = crypto.getRandomValues(new Uint8Array(n));
    expect(fromBase64url(toBase64url(b))).toEqual(b);
  }
  expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe("-_8");
  expect(fromBase64url("-_8", 2)).toEqual(new Uint8Array([0xfb, 0xff]));
  expect(fromBase64url("-_8", 3)).toBeNull();
  expect(fromBase64url("+/8")).toBeNull();
  expect(fromBase64url("AAA=")).toBeNull();
  expect(fromBase64url("A")).toBeNull();
  expect(fromBase64url("-_9")).toBeNull(); // stray low bits: a second spelling of the same bytes
});
