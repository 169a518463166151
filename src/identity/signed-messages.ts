// Every byte string a Ferry device key signs, in one place. Each starts with its own label, so a signature
// made for one purpose can never be replayed as another (domain separation). The fields are base64url,
// device ids and SDP fingerprints, none of which can contain a newline, so newline-joined text is unambiguous.

const encode = (lines: string[]) => new TextEncoder().encode(lines.join("\n"));

/** Signed at connect: "I hold this key" for this connection's fresh challenge (the server's, base64url). */
export function authMessage(challenge: string): Uint8Array {
  return encode(["ferry/signaling-auth/v1", challenge]);
}

/**
 * Signed over a fresh DataChannel: "I, `signer`, talk to `verifier`, over the DTLS session whose certificate
 * fingerprints are `signerFingerprint` (mine, from my local description) and `verifierFingerprint` (yours, from
 * my remote description)". A man in the middle terminating DTLS on both sides changes at least one of them.
 */
export function channelProofMessage(signer: string, verifier: string, signerFingerprint: string, verifierFingerprint: string): Uint8Array {
  return encode(["ferry/channel-proof/v1", signer, verifier, signerFingerprint, verifierFingerprint]);
}

/** Not signed but hashed: the input of the verification code people compare, the same on both ends. */
export function verifyCodeInput(ends: { publicKey: string; fingerprint: string }[]): Uint8Array {
  const sorted = ends.map((e) => `${e.publicKey} ${e.fingerprint}`).sort();
  return encode(["ferry/verify-code/v1", ...sorted]);
}
