// The ICE servers a browser is told to use: the embedded relay at the host the browser already
// reached (or the advertised external IP) over UDP, TCP and (with HTTPS) TLS, an external TURN
// server, or none.
import type { Config } from "../src/config";
import type { IceServer } from "../src/protocol";
import { issueTurnCredentials } from "./credentials";

/** `host[:port]` or `[v6][:port]` from the HTTP Host header → the host part, IPv6 kept in brackets. */
function hostOnly(hostHeader: string): string {
  const h = hostHeader.trim();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colons = h.split(":").length - 1;
  if (colons === 1) return h.slice(0, h.indexOf(":"));
  return colons > 1 ? `[${h}]` : h; // a bare IPv6 address needs brackets inside a URI (RFC 7064 §3.1)
}

const bracketed = (ip: string) => (ip.includes(":") ? `[${ip}]` : ip);

/** Where the embedded relay listens: UDP and TCP on `port`, TLS on `tlsPort` (null: no TLS). */
export interface RelayPorts {
  port: number;
  tlsPort: number | null;
}

export function iceServersFor(turn: Config["turn"], relay: RelayPorts, hostSeenByBrowser: string, peerId: string, nowMs = Date.now()): IceServer[] {
  const credentials = () => {
    const c = issueTurnCredentials(turn.secret, peerId, turn.credentialTtl, nowMs);
    return { username: c.username, credential: c.credential };
  };
  // Further relays sharing the secret: ICE tries them all and keeps the best path.
  const extra = turn.extraUrls.length > 0 ? [{ urls: turn.extraUrls, ...credentials() }] : [];
  if (turn.url) return [{ urls: [turn.url], ...credentials() }, ...extra];
  if (!turn.enabled) return extra;
  const host = turn.externalIp ? bracketed(turn.externalIp) : hostOnly(hostSeenByBrowser);
  // TCP and TLS for networks that block UDP (RFC 8656 §3.1); the relayed side stays UDP either way.
  const urls = [`turn:${host}:${relay.port}?transport=udp`, `turn:${host}:${relay.port}?transport=tcp`];
  if (relay.tlsPort !== null) urls.push(`turns:${host}:${relay.tlsPort}?transport=tcp`);
  return [{ urls: [`stun:${host}:${relay.port}`] }, { urls, ...credentials() }, ...extra];
}
