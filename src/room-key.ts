// Which room a connection belongs to: its network, as the server sees it (design.md, "Rooms").
import { formatIp, inAny, parseIp, PRIVATE_RANGES, type Cidr } from "./cidr";

export const LOCAL_ROOM = "local";

/** The room of a client address: public IPv4 → itself; public IPv6 → its /64; anything private → "local". */
export function roomKeyFor(address: string): string {
  const ip = parseIp(address);
  if (!ip || inAny(PRIVATE_RANGES, ip)) return LOCAL_ROOM;
  if (ip.length === 4) return formatIp(ip);
  const prefix = new Uint8Array(16);
  prefix.set(ip.subarray(0, 8));
  return `${formatIp(prefix)}/64`;
}

/** Pick the forwarded client address from one of the proxy headers, outermost-first order as sent. */
function forwardedFor(headers: Headers): string[] {
  const cf = headers.get("cf-connecting-ip");
  if (cf) return [cf.trim()];
  const xff = headers.get("x-forwarded-for");
  if (xff) return xff.split(",").map((s) => s.trim()).filter(Boolean);
  const fwd = headers.get("forwarded");
  if (fwd) {
    return fwd
      .split(",")
      .map((part) => /for="?\[?([^\]";,]+)\]?(?::\d+)?"?/i.exec(part)?.[1] ?? "")
      .filter(Boolean);
  }
  return [];
}

/**
 * The client's address. Proxy headers count only when the direct peer is a trusted proxy; then we walk the
 * forwarded chain from the right, skipping further trusted proxies, so a client cannot prepend a fake address.
 */
export function clientAddress(socketAddress: string, headers: Headers, trusted: Cidr[]): string {
  const direct = parseIp(socketAddress);
  if (!direct || trusted.length === 0 || !inAny(trusted, direct)) return socketAddress;
  const chain = forwardedFor(headers);
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = parseIp(chain[i]!);
    if (!ip) return socketAddress;
    if (!inAny(trusted, ip) || i === 0) return formatIp(ip);
  }
  return socketAddress;
}
