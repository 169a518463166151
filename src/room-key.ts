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

/** The forwarding headers Ferry understands; the operator names the one its proxy sets (--client-ip-header). */
export const CLIENT_IP_HEADERS = ["x-forwarded-for", "forwarded", "cf-connecting-ip", "x-real-ip"] as const;
export type ClientIpHeader = (typeof CLIENT_IP_HEADERS)[number];

/** One hop of a forwarding header: an address with optional quotes, brackets and port ("[2001:db8::1]:443", "1.2.3.4:80"). */
function hopAddress(raw: string): string {
  let s = raw.trim().replace(/^"(.*)"$/, "$1");
  if (s.startsWith("[")) return s.slice(1, s.indexOf("]") === -1 ? undefined : s.indexOf("]"));
  if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.indexOf(":"));
  return s;
}

/**
 * The hops of one forwarding header, in the order sent (client first, nearest proxy last). Only `header`
 * is read: a proxy sets (or appends to) the header it knows and passes the others through from the
 * client untouched, so believing any other header would believe the client.
 */
function forwardedChain(headers: Headers, header: ClientIpHeader): string[] {
  const value = headers.get(header);
  if (!value) return [];
  const hops = value.split(",");
  if (header !== "forwarded") return hops.map(hopAddress);
  // RFC 7239 §4: `for=` within each semicolon-separated element; an element without one is an unknown hop.
  return hops.map((element) => {
    const pair = element.split(";").find((p) => /^\s*for\s*=/i.test(p));
    return pair ? hopAddress(pair.slice(pair.indexOf("=") + 1)) : "";
  });
}

/**
 * The client's address. A forwarding header counts only when the direct peer is a trusted proxy, and
 * only the one header that proxy sets. We walk its chain from the right, skipping further trusted
 * proxies, so a client cannot prepend a fake address; a hop we cannot read (`unknown`, an obfuscated
 * name) stops the walk at the last address we could trust.
 */
export function clientAddress(socketAddress: string, headers: Headers, trusted: Cidr[], header: ClientIpHeader = "x-forwarded-for"): string {
  const direct = parseIp(socketAddress);
  if (!direct || trusted.length === 0 || !inAny(trusted, direct)) return socketAddress;
  const chain = forwardedChain(headers, header);
  let address = socketAddress;
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = parseIp(chain[i]!);
    if (!ip) return address;
    address = formatIp(ip);
    if (!inAny(trusted, ip)) return address;
  }
  return address;
}
