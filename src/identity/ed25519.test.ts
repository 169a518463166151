import { expect, test } from "bun:test";
import { ed25519 } from "@noble/curves/ed25519.js";
import { hasWebCryptoEd25519, verifyEd25519, verifyWithNoble, verifyWithWebCrypto } from "./ed25519";

test("Bun's WebCrypto and @noble/curves agree on valid, tampered, foreign and malformed signatures", async () => {
  expect(await hasWebCryptoEd25519()).toBe(true);
  const secret = ed25519.utils.randomSecretKey();
  const pub = ed25519.getPublicKey(secret);
  const other = ed25519.getPublicKey(ed25519.utils.randomSecretKey());
  const msg = new TextEncoder().encode("ferry");
  const sig = ed25519.sign(msg, secret);
  const flipped = sig.slice();
  flipped[5]! ^= 1;
  const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
    [pub, sig, msg, true],
    [pub, sig, new TextEncoder().encode("ferrY"), false],
    [other, sig, msg, false],
    [pub, flipped, msg, false],
    [new Uint8Array(32).fill(0xff), sig, msg, false],
    [pub, new Uint8Array(64), msg, false],
  ];
  for (const [k, s, m, valid] of cases) {
    expect(await verifyWithWebCrypto(k, s, m)).toBe(valid);
    expect(verifyWithNoble(k, s, m)).toBe(valid);
    expect(await verifyEd25519(k, s, m)).toBe(valid);
  }
  expect(await verifyEd25519(pub.subarray(1), sig, msg)).toBe(false);
});
