import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { DEVICE_ID_PATTERN, deviceIdFor } from "./device-id";

test("a device id is base64url of the first 16 bytes of SHA-256 of the raw public key", () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const expected = createHash("sha256").update(key).digest().subarray(0, 16).toString("base64url");
  expect(deviceIdFor(key)).toBe(expected);
  expect(deviceIdFor(key)).toMatch(DEVICE_ID_PATTERN);
  expect(deviceIdFor(key.map((b) => b ^ 1))).not.toBe(expected);
  expect(() => deviceIdFor(new Uint8Array(31))).toThrow();
});
