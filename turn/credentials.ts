// TURN REST API credentials, as coturn's `use-auth-secret` understands them
// (draft-uberti-behave-turn-rest-00): username "<unix expiry seconds>:<peer id>",
// password base64(HMAC-SHA1(secret, username)). The same pair authenticates against the embedded
// relay and against an external coturn sharing the secret.
import { createHmac } from "node:crypto";

export interface TurnCredentials {
  username: string;
  credential: string;
  /** When the credential stops working, in ms since the epoch. */
  expiresAt: number;
}

const sign = (secret: string, username: string) => createHmac("sha1", secret).update(username).digest("base64");

// RFC 8489 §14.3: USERNAME is under 509 bytes; the expiry is a plain decimal number of seconds.
// The user part may be empty or absent, as coturn allows (turnutils_uclient -W without -u sends
// just "<expiry>").
const USERNAME = /^(\d{1,12})(?::[^\x00-\x1f]*)?$/;
const MAX_USERNAME_BYTES = 508;

export function issueTurnCredentials(secret: string, peerId: string, ttlSeconds: number, nowMs = Date.now()): TurnCredentials {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${peerId}`;
  return { username, credential: sign(secret, username), expiresAt: expiry * 1000 };
}

/** The password the relay expects for `username`, or null when it is malformed or has expired. */
export function turnPasswordFor(secret: string, username: string, nowMs = Date.now()): string | null {
  if (Buffer.byteLength(username) > MAX_USERNAME_BYTES) return null;
  const m = USERNAME.exec(username);
  if (!m || Number(m[1]) * 1000 <= nowMs) return null;
  return sign(secret, username);
}

/**
 * Whose credential this is: the part after the expiry, the peer id Ferry put there (empty when a tool
 * sent just "<expiry>"). Renewed credentials keep the owner, so quotas per owner outlive renewals.
 */
export function credentialOwner(username: string): string {
  const colon = username.indexOf(":");
  return colon === -1 ? "" : username.slice(colon + 1);
}
