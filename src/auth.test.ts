import { describe, expect, test } from "bun:test";
import { ed25519 } from "@noble/curves/ed25519.js";
import { newChallenge, verifyPossession } from "./auth";
import { toBase64url } from "./identity/base64url";
import { deviceIdFor } from "./identity/device-id";
import { authMessage, channelProofMessage } from "./identity/signed-messages";

const device = () => {
  const secret = ed25519.utils.randomSecretKey();
  const pub = ed25519.getPublicKey(secret);
  return { pub, key: toBase64url(pub), sign: (m: Uint8Array) => toBase64url(ed25519.sign(m, secret)) };
};

describe("proof of possession at connect", () => {
  test("a signature over this connection's challenge proves the key, and the id derives from it", async () => {
    const d = device();
    const challenge = newChallenge();
    expect(await verifyPossession(challenge, d.key, d.sign(authMessage(challenge)))).toEqual({ ok: true, deviceId: deviceIdFor(d.pub) });
  });

  test("challenges are fresh: 32 random bytes each time", () => {
    const seen = new Set(Array.from({ length: 100 }, newChallenge));
    expect(seen.size).toBe(100);
    expect([...seen][0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("a signature replayed from another connection's challenge is refused", async () => {
    const d = device();
    const first = newChallenge();
    const res = await verifyPossession(newChallenge(), d.key, d.sign(authMessage(first)));
    expect(res.ok).toBe(false);
  });

  test("another device's key with my signature (claiming its id without its key) is refused", async () => {
    const victim = device();
    const attacker = device();
    const challenge = newChallenge();
    expect((await verifyPossession(challenge, victim.key, attacker.sign(authMessage(challenge)))).ok).toBe(false);
  });

  test("a signature made for another purpose (a channel proof) does not authenticate", async () => {
    const d = device();
    const challenge = newChallenge();
    const other = d.sign(channelProofMessage(challenge, "x", "y", "z"));
    expect((await verifyPossession(challenge, d.key, other)).ok).toBe(false);
  });

  test("malformed keys and signatures get a reason, never an exception", async () => {
    const d = device();
    const challenge = newChallenge();
    const good = d.sign(authMessage(challenge));
    for (const [key, sig] of [
      ["", good],
      ["not base64!", good],
      [d.key.slice(0, -2), good],
      [d.key + "AA", good],
      [d.key, good.slice(0, -4)],
      [d.key, "@".repeat(86)],
      [toBase64url(new Uint8Array(32).fill(0xff)), good],
      [d.key, toBase64url(new Uint8Array(64))],
    ]) {
      const res = await verifyPossession(challenge, key!, sig!);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.reason.length).toBeGreaterThan(10);
    }
  });
});
