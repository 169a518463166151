// The ICE servers a browser is told to use: the embedded relay at the host the browser already
// reached (or the advertised external IP), an external TURN server, or none.
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

export function iceServersFor(turn: Config["turn"], hostSeenByBrowser: string, peerId: string, nowMs = Date.now()): IceServer[] {
  const credentials = () => {
    const c = issueTurnCredentials(turn.secret, peerId, turn.credentialTtl, nowMs);
    return { username: c.username, credential: c.credential };
  };
  if (turn.url) return [{ urls: [turn.url], ...credentials() }];
  if (!turn.enabled) return [];
  const host = turn.externalIp ? bracketed(turn.externalIp) : hostOnly(hostSeenByBrowser);
  return [
    { urls: [`stun:${host}:${turn.port}`] },
    { urls: [`turn:${host}:${turn.port}?transport=udp`], ...credentials() },
  ];
}
