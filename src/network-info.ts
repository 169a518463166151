// What a device is told of the network Ferry put it in, for its "Can't see your device?" panel. Never an
// address: a short tag of the room key, so two screens can be compared ("same tag: same network") without
// showing where either device is.
import { createHash } from "node:crypto";
import { parseIp } from "./cidr";
import { CLIENT_IP_HEADERS, LOCAL_ROOM } from "./room-key";
import type { NetworkInfo } from "./protocol";

/** Crockford base32, no I, L, O or U: read aloud and compared by eye. */
const TAG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Four characters (20 bits) of SHA-256 over the room key: a label, not a way back to the address. */
export function networkTag(room: string): string {
  if (room === LOCAL_ROOM) return LOCAL_ROOM;
  const digest = createHash("sha256").update(room).digest();
  const bits = (digest[0]! << 12) | (digest[1]! << 4) | (digest[2]! >> 4);
  let tag = "";
  for (let shift = 15; shift >= 0; shift -= 5) tag += TAG_ALPHABET[(bits >> shift) & 31];
  return tag;
}

/**
 * `forwardingIgnored`: the request carried a forwarding header that Ferry did not believe (no --trust-proxy
 * covers the peer that sent it), so the room was keyed by that peer, most likely a reverse proxy.
 */
export function networkInfo(address: string, room: string, forwardingIgnored: boolean): NetworkInfo {
  return {
    kind: room === LOCAL_ROOM ? "local" : "public",
    family: parseIp(address)?.length === 16 ? "ipv6" : "ipv4",
    tag: networkTag(room),
    forwardingIgnored,
  };
}

/** Whether a request names a client address in any forwarding header Ferry knows. */
export const hasForwardingHeader = (headers: Headers): boolean => CLIENT_IP_HEADERS.some((h) => headers.has(h));
