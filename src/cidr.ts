// IP address parsing and CIDR matching, shared by room keys, proxy trust and the TURN peer policy.
// Addresses are normalised to bytes: 4 for IPv4, 16 for IPv6; `::ffff:a.b.c.d` becomes IPv4.

export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  const zone = s.indexOf("%");
  if (zone !== -1) s = s.slice(0, zone);
  if (s.length < 2 || (s.match(/::/g) ?? []).length > 1) return null;
  let tail: Uint8Array | null = null;
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    tail = parseIPv4(s.slice(lastColon + 1));
    if (!tail) return null;
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = s.includes("::") ? s.split("::") : [s, null];
  const groups = (x: string) => (x === "" ? [] : x.split(":"));
  const h = groups(head!);
  const r = rest === null ? [] : groups(rest!);
  const missing = 8 - h.length - r.length;
  if (rest === null ? missing !== 0 : missing < 1) return null;
  const all = [...h, ...Array(rest === null ? 0 : missing).fill("0"), ...r];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

const isMappedV4 = (b: Uint8Array) => b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** Parse an IPv4 or IPv6 address (brackets and zone ids allowed); IPv4-mapped IPv6 becomes IPv4. */
export function parseIp(s: string): Uint8Array | null {
  s = s.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const b = s.includes(":") ? parseIPv6(s) : parseIPv4(s);
  if (b && isMappedV4(b)) return b.slice(12);
  return b;
}

/**
 * The IPv4 address an IPv6 address stands for, when it carries one that a host may end up sending to:
 * IPv4-compatible `::a.b.c.d` and IPv4-translated `::ffff:0:a.b.c.d` (RFC 4291 §2.5.5.1, RFC 2765),
 * NAT64 `64:ff9b::a.b.c.d` (RFC 6052 §2.1), 6to4 `2002:AABB:CCDD::` (RFC 3056 §2) and Teredo's client
 * address (RFC 4380 §4, bit-inverted). Anything else, and IPv4 itself, comes back unchanged. (IPv4-mapped
 * `::ffff:a.b.c.d` is already IPv4 after parseIp.) Policy checks judge this form: `64:ff9b::a9fe:a9fe`
 * is 169.254.169.254.
 */
export function embeddedIPv4(b: Uint8Array): Uint8Array {
  if (b.length !== 16) return b;
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  if (zeros(0, 12)) return zeros(12, 15) && b[15]! <= 1 ? b : b.slice(12); // but :: and ::1 are themselves
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return b.slice(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return b.slice(12);
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return b.slice(12).map((x) => x ^ 0xff);
  return b;
}

export function parseCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.trim().split("/");
  if (extra !== undefined || addr === undefined) return null;
  const bytes = parseIp(addr);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (len === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(len)) return null;
  let prefix = Number(len);
  // A mapped address with an IPv6 prefix length: count the prefix within the IPv4 part.
  if (bytes.length === 4 && addr.includes(":")) prefix -= 96;
  if (prefix < 0 || prefix > max) return null;
  return { bytes, prefix };
}

export function cidrContains(c: Cidr, ip: Uint8Array): boolean {
  if (c.bytes.length !== ip.length) return false;
  let bits = c.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((c.bytes[i]! & mask) !== (ip[i]! & mask)) return false;
  }
  return true;
}

export function inAny(list: Cidr[], ip: Uint8Array): boolean {
  return list.some((c) => cidrContains(c, ip));
}

const cidrs = (...xs: string[]) => xs.map((x) => parseCidr(x)!);

/** Addresses that only make sense on the server's own network. */
export const PRIVATE_RANGES = cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "0.0.0.0/8", "fc00::/7", "fe80::/10", "::1/128", "::/128");
/** Networks of private hosts: RFC 1918, CGNAT (RFC 6598), unique local IPv6 (RFC 4193), local-use NAT64 (RFC 8215). */
export const PRIVATE_NETWORKS = cidrs("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "64:ff9b:1::/48");
export const LOOPBACK = cidrs("127.0.0.0/8", "::1/128");
export const LINK_LOCAL = cidrs("169.254.0.0/16", "fe80::/10");
export const MULTICAST = cidrs("224.0.0.0/4", "ff00::/8");
export const UNSPECIFIED = cidrs("0.0.0.0/8", "::/128", "255.255.255.255/32");

export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::").replace(/:{3,}/, "::");
}
