// Peers prove their device keys to each other over a fresh DataChannel (design.md, "Device identity").
//
// Each end signs channelProofMessage(me, you, my DTLS fingerprint, yours), taking the fingerprints from the
// session descriptions it applied (its local and remote a=fingerprint). The other end checks that the key
// hashes to the device id signaling announced, that the signature holds for the fingerprints *it* sees, and,
// for a paired device, that the key is the pinned one. A signaling server in the middle, which must swap the
// fingerprints to terminate DTLS on both sides, cannot produce either signature.
import { sha256 } from "@noble/hashes/sha2.js";
import { fromBase64url, toBase64url } from "../../../src/identity/base64url";
import { deviceIdFor, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "../../../src/identity/device-id";
import { verifyEd25519 } from "../../../src/identity/ed25519";
import { channelProofMessage, verifyCodeInput } from "../../../src/identity/signed-messages";
import type { ProofFailure } from "../types";
import type { DeviceKey } from "./device-key";

export interface Proof {
  publicKey: string;
  signature: string;
}

/** Both ends of one DataChannel, as this end sees them. */
export interface ChannelEnds {
  selfId: string;
  peerId: string;
  localFingerprint: string;
  remoteFingerprint: string;
}

export type ProofCheck = { ok: true; publicKey: string; verifyCode: string } | { ok: false; why: Exclude<ProofFailure, "no-proof"> };

/**
 * The certificate fingerprints of a session description: every a=fingerprint line (session or media level),
 * as "algorithm HEX:HEX…" (RFC 8122 compares both case-insensitively, so one case each), sorted and joined.
 * Null when there is none.
 */
export function sdpFingerprint(sdp: string | undefined | null): string | null {
  const found = new Set<string>();
  for (const m of (sdp ?? "").matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) found.add(`${m[1]!.toLowerCase()} ${m[2]!.toUpperCase()}`);
  return found.size > 0 ? [...found].sort().join(",") : null;
}

export async function makeProof(key: DeviceKey, ends: ChannelEnds): Promise<Proof> {
  const signature = await key.sign(channelProofMessage(ends.selfId, ends.peerId, ends.localFingerprint, ends.remoteFingerprint));
  return { publicKey: toBase64url(key.publicKey), signature: toBase64url(signature) };
}

/** Check the peer's proof. `pinned`: the key kept at pairing, for a paired device. */
export async function checkProof(proof: Proof, ends: ChannelEnds, selfPublicKey: Uint8Array, pinned: string | null): Promise<ProofCheck> {
  const key = fromBase64url(proof.publicKey, PUBLIC_KEY_BYTES);
  const sig = fromBase64url(proof.signature, SIGNATURE_BYTES);
  if (!key || deviceIdFor(key) !== ends.peerId) return { ok: false, why: "wrong-device" };
  if (pinned !== null && proof.publicKey !== pinned) return { ok: false, why: "not-pinned-key" };
  // The peer signed with itself as signer and its local fingerprint first: my remote one.
  const message = channelProofMessage(ends.peerId, ends.selfId, ends.remoteFingerprint, ends.localFingerprint);
  if (!sig || !(await verifyEd25519(key, sig, message))) return { ok: false, why: "bad-signature" };
  return { ok: true, publicKey: proof.publicKey, verifyCode: verifyCode(toBase64url(selfPublicKey), ends.localFingerprint, proof.publicKey, ends.remoteFingerprint) };
}

/**
 * Six digits people compare on both screens: a hash over both keys, each with its own end's fingerprint, in an
 * order both ends agree on. A device in the middle has other keys or fingerprints on each side, so the two
 * screens would show different codes. (2^32 mod 10^6 leaves a bias below one in four thousand: negligible.)
 */
export function verifyCode(myKey: string, myFingerprint: string, peerKey: string, peerFingerprint: string): string {
  const h = sha256(verifyCodeInput([{ publicKey: myKey, fingerprint: myFingerprint }, { publicKey: peerKey, fingerprint: peerFingerprint }]));
  const n = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  return String(n % 1_000_000).padStart(6, "0");
}
