// Which peers the relay may send to (RFC 8656 §21.1: a TURN server must not become an open proxy
// into the networks it sits on).
// - Multicast, broadcast and unspecified addresses: never.
// - Loopback and link-local (169.254.169.254 is a cloud's metadata service): only with the
//   development flag.
// - Private and CGNAT networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): only for a client
//   that itself came from a private (or loopback, link-local) address, as on a LAN box whose peers
//   really are private, or with --turn-allow-private-peers. On a VPS a client from the internet must
//   not reach the VPS's private network through the relay.
// An IPv6 address that carries an IPv4 one (NAT64, 6to4, IPv4-compatible, Teredo) is judged as that
// IPv4 address (cidr.ts embeddedIPv4).
//
// Relay to relay (both browsers behind TURN) must still work: each side's peer is the other side's
// relayed address, which is one of this relay's own addresses. So an own address is allowed even
// when it is loopback or private, but only towards the relay port range, never towards other
// services on this host (SSH, Ferry's HTTP port, …), unless the development flag opens loopback anyway.
import { embeddedIPv4, formatIp, inAny, parseIp, LINK_LOCAL, LOOPBACK, MULTICAST, PRIVATE_NETWORKS, PRIVATE_RANGES, UNSPECIFIED } from "../src/cidr";

export interface PeerPolicyOptions {
  allowLoopbackPeers: boolean;
  /** Let every client reach private and CGNAT peers, wherever it comes from. */
  allowPrivatePeers: boolean;
  /** Addresses relayed transport addresses live on (bound relay addresses and the advertised external IP). */
  relayAddresses: string[];
  relayPortMin: number;
  relayPortMax: number;
}

export interface PeerPolicy {
  /** May the client at `client` install a permission for this peer IP (CreatePermission, ChannelBind; RFC 8656 §9)? */
  allowsAddress(ip: string, client: string): boolean;
  /** May data from the client at `client` go to this peer transport address (Send, ChannelBind)? */
  allowsTransport(ip: string, port: number, client: string): boolean;
}

/** An address as the policy judges it: parsed, and the IPv4 address it carries when it carries one. */
const judged = (ip: string) => {
  const b = parseIp(ip);
  return b ? embeddedIPv4(b) : null;
};

export function peerPolicy(opts: PeerPolicyOptions): PeerPolicy {
  const own = new Set(opts.relayAddresses.map(judged).filter((b) => b !== null).map(formatIp));
  const never = [...MULTICAST, ...UNSPECIFIED];
  const local = opts.allowLoopbackPeers ? [] : [...LOOPBACK, ...LINK_LOCAL];
  const inRelayRange = (port: number) => port >= opts.relayPortMin && port <= opts.relayPortMax;
  const clientIsPrivate = (client: string) => {
    const c = judged(client);
    return c !== null && inAny(PRIVATE_RANGES, c);
  };
  const refused = (b: Uint8Array, client: string) =>
    inAny(never, b) || inAny(local, b) || (inAny(PRIVATE_NETWORKS, b) && !opts.allowPrivatePeers && !clientIsPrivate(client));

  return {
    allowsAddress(ip, client) {
      const b = judged(ip);
      return b !== null && (own.has(formatIp(b)) || !refused(b, client));
    },
    allowsTransport(ip, port, client) {
      const b = judged(ip);
      if (!b) return false;
      if (own.has(formatIp(b))) return opts.allowLoopbackPeers || inRelayRange(port);
      return !refused(b, client);
    },
  };
}
