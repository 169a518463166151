// Ed25519 verification in any context: WebCrypto where it exists and knows Ed25519 (Bun, secure pages),
// @noble/curves where it does not (plain-http LAN pages have no crypto.subtle). Both follow RFC 8032.
import { ed25519 } from "@noble/curves/ed25519.js";
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./device-id";

let webCryptoEd25519: Promise<boolean> | null = null;
/** RFC 8032 §7.1, test 1: a valid public key, to ask WebCrypto whether it knows Ed25519 at all. */
const SAMPLE_KEY = Uint8Array.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a".match(/../g)!, (h) => parseInt(h, 16));

/** Whether this context's WebCrypto does Ed25519 (Chromium 137+, Firefox 129+, Safari 17+, Bun). */
export function hasWebCryptoEd25519(): Promise<boolean> {
  webCryptoEd25519 ??= (async () => {
    if (!globalThis.crypto?.subtle) return false;
    try {
      await crypto.subtle.importKey("raw", SAMPLE_KEY, { name: "Ed25519" }, false, ["verify"]);
      return true;
    } catch (err) {
      console.info("Ed25519 is not in this browser's WebCrypto; using @noble/curves", err);
      return false;
    }
  })();
  return webCryptoEd25519;
}

/** True only for a valid signature by `publicKey` over `message`; false for anything else, never throws. */
export async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  return (await hasWebCryptoEd25519()) ? verifyWithWebCrypto(publicKey, signature, message) : verifyWithNoble(publicKey, signature, message);
}

export async function verifyWithWebCrypto(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey("raw", publicKey as BufferSource, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify("Ed25519", key, signature as BufferSource, message as BufferSource);
  } catch (err) {
    // A key WebCrypto refuses to import (not a curve point) cannot have made any signature.
    console.debug("Ed25519 key refused:", (err as Error).message);
    return false;
  }
}

export function verifyWithNoble(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): boolean {
  try {
    // zip215 off: the strict RFC 8032 rules, as WebCrypto applies them.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch (err) {
    console.debug("Ed25519 key refused:", (err as Error).message);
    return false;
  }
}
