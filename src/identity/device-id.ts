// A device is its Ed25519 key pair (design.md, "Device identity"); its id is derived from the public key, so
// nobody can choose an id without holding the key that hashes to it. Shared by server and client.
import { sha256 } from "@noble/hashes/sha2.js";
import { toBase64url } from "./base64url";
export { DEVICE_ID_PATTERN } from "../protocol";

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/**
 * base64url of the first 16 bytes of SHA-256 of the raw 32-byte public key. 128 bits: finding a second key
 * with the same id takes ~2^128 work, so the id names one key (noble's SHA-256 runs on plain-http pages too).
 */
export function deviceIdFor(publicKey: Uint8Array): string {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new Error(`an Ed25519 public key has ${PUBLIC_KEY_BYTES} bytes`);
  return toBase64url(sha256(publicKey).subarray(0, 16));
}
