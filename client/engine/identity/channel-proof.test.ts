import { describe, expect, test } from "bun:test";
import { checkProof, makeProof, sdpFingerprint, verifyCode, type ChannelEnds } from "./channel-proof";
import { loadDeviceKey, type DeviceKey } from "./device-key";
import { MemoryKeyValue } from "./kv";
import { toBase64url } from "../../../src/identity/base64url";

const FP_A = "sha-256 AA:BB:CC";
const FP_B = "sha-256 11:22:33";
const FP_M = "sha-256 66:66:66";

async function twoDevices() {
  const a = await loadDeviceKey(new MemoryKeyValue(), true);
  const b = await loadDeviceKey(new MemoryKeyValue(), false);
  return { a, b };
}
/** What `me` sees of a channel to `peer` where the fingerprints are `mine` and `theirs`. */
const ends = (me: DeviceKey, peer: DeviceKey, mine: string, theirs: string): ChannelEnds => ({ selfId: me.id, peerId: peer.id, localFingerprint: mine, remoteFingerprint: theirs });

describe("the proof over the channel", () => {
  test("matching: both ends accept, and both show the same verification code", async () => {
    const { a, b } = await twoDevices();
    const fromA = await makeProof(a, ends(a, b, FP_A, FP_B));
    const fromB = await makeProof(b, ends(b, a, FP_B, FP_A));
    const atB = await checkProof(fromA, ends(b, a, FP_B, FP_A), b.publicKey, null);
    const atA = await checkProof(fromB, ends(a, b, FP_A, FP_B), a.publicKey, toBase64url(b.publicKey));
    expect(atB.ok && atA.ok).toBe(true);
    if (atA.ok && atB.ok) {
      expect(atA.verifyCode).toMatch(/^\d{6}$/);
      expect(atA.verifyCode).toBe(atB.verifyCode);
      expect(atA.publicKey).toBe(toBase64url(b.publicKey));
    }
  });

  test("a swapped fingerprint (DTLS terminated in the middle) breaks the signature", async () => {
    const { a, b } = await twoDevices();
    // A's DTLS session really ends at the man in the middle M: A sees M's fingerprint, B sees M's too.
    const fromA = await makeProof(a, ends(a, b, FP_A, FP_M));
    expect(await checkProof(fromA, ends(b, a, FP_B, FP_M), b.publicKey, null)).toEqual({ ok: false, why: "bad-signature" });
    // The same proof relayed to B without swapping does not fit B's session either.
    expect(await checkProof(fromA, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "bad-signature" });
  });

  test("a key that does not hash to the announced device id is refused", async () => {
    const { a, b } = await twoDevices();
    const other = await loadDeviceKey(new MemoryKeyValue(), true);
    const proof = await makeProof(other, { selfId: a.id, peerId: b.id, localFingerprint: FP_A, remoteFingerprint: FP_B });
    expect(await checkProof(proof, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "wrong-device" });
  });

  test("a paired device whose key is not the pinned one is refused", async () => {
    const { a, b } = await twoDevices();
    const fromA = await makeProof(a, ends(a, b, FP_A, FP_B));
    const wrongPin = toBase64url(crypto.getRandomValues(new Uint8Array(32)));
    expect(await checkProof(fromA, ends(b, a, FP_B, FP_A), b.publicKey, wrongPin)).toEqual({ ok: false, why: "not-pinned-key" });
  });

  test("a proof for another pair of devices, or a forged signature, is refused", async () => {
    const { a, b } = await twoDevices();
    const c = await loadDeviceKey(new MemoryKeyValue(), true);
    const forC = await makeProof(a, ends(a, c, FP_A, FP_B));
    expect(await checkProof(forC, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "bad-signature" });
    const good = await makeProof(a, ends(a, b, FP_A, FP_B));
    expect(await checkProof({ ...good, signature: toBase64url(new Uint8Array(64)) }, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "bad-signature" });
    expect(await checkProof({ ...good, signature: "!!" }, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "bad-signature" });
    expect(await checkProof({ ...good, publicKey: "short" }, ends(b, a, FP_B, FP_A), b.publicKey, null)).toEqual({ ok: false, why: "wrong-device" });
  });
});

describe("verification code", () => {
  test("is the same on both ends, six digits, and changes with any key or fingerprint", () => {
    const code = verifyCode("keyA", FP_A, "keyB", FP_B);
    expect(code).toMatch(/^\d{6}$/);
    expect(verifyCode("keyB", FP_B, "keyA", FP_A)).toBe(code);
    expect(verifyCode("keyA", FP_M, "keyB", FP_B)).not.toBe(code);
    expect(verifyCode("keyA", FP_A, "keyB", FP_M)).not.toBe(code);
    expect(verifyCode("keyC", FP_A, "keyB", FP_B)).not.toBe(code);
    // Each key goes with its own fingerprint: swapping them is another code.
    expect(verifyCode("keyA", FP_B, "keyB", FP_A)).not.toBe(code);
  });
});

describe("fingerprints from SDP", () => {
  test("reads every a=fingerprint line, normalised, and null when there is none", () => {
    const sdp = "v=0\r\na=fingerprint:SHA-256 ab:cd:EF\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 AB:CD:EF\r\n";
    expect(sdpFingerprint(sdp)).toBe("sha-256 AB:CD:EF");
    expect(sdpFingerprint(sdp + "a=fingerprint:sha-1 01:02\r\n")).toBe("sha-1 01:02,sha-256 AB:CD:EF");
    expect(sdpFingerprint("v=0\r\n")).toBeNull();
    expect(sdpFingerprint(undefined)).toBeNull();
  });
});
