// Proof of possession at connect: the server sends a fresh random challenge, the client signs it with its
// device key (signed-messages.ts, authMessage), and only a valid signature makes the connection that device.
// A challenge belongs to one connection and is answered once, so a signature seen elsewhere is worth nothing.
import { fromBase64url, toBase64url } from "./identity/base64url";
import { deviceIdFor, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from "./identity/device-id";
import { verifyEd25519 } from "./identity/ed25519";
import { authMessage } from "./identity/signed-messages";

const CHALLENGE_BYTES = 32;

export function newChallenge(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(CHALLENGE_BYTES)));
}

export type AuthResult = { ok: true; deviceId: string } | { ok: false; reason: string };

/** Check a hello's key and signature against the challenge this connection was sent. */
export async function verifyPossession(challenge: string, publicKey: string, signature: string): Promise<AuthResult> {
  const key = fromBase64url(publicKey, PUBLIC_KEY_BYTES);
  if (!key) return { ok: false, reason: `publicKey must be ${PUBLIC_KEY_BYTES} bytes of base64url` };
  const sig = fromBase64url(signature, SIGNATURE_BYTES);
  if (!sig) return { ok: false, reason: `signature must be ${SIGNATURE_BYTES} bytes of base64url` };
  if (!(await verifyEd25519(key, sig, authMessage(challenge)))) return { ok: false, reason: "the signature does not match this key and this connection's challenge" };
  return { ok: true, deviceId: deviceIdFor(key) };
}
