// Which peers the relay may send to (RFC 8656 §21.1: a TURN server must not become an open proxy
// into the networks it sits on). Peers on loopback and link-local addresses are refused unless the
// development flag allows them; multicast and unspecified addresses are always refused.
//
// Relay to relay (both browsers behind TURN) must still work: each side's peer is the other side's
// relayed address, which is one of this relay's own addresses. So an own address is allowed even
// when it is loopback, but only towards the relay port range, never towards other services on
// this host (SSH, Ferry's HTTP port, …), unless the development flag opens loopback anyway.
import { formatIp, inAny, parseIp, LINK_LOCAL, LOOPBACK, MULTICAST, UNSPECIFIED } from "../src/cidr";

export interface PeerPolicyOptions {
  allowLoopbackPeers: boolean;
  /** Addresses relayed transport addresses live on (bound relay addresses and the advertised external IP). */
  relayAddresses: string[];
  relayPortMin: number;
  relayPortMax: number;
}

export interface PeerPolicy {
  /** May a permission be installed for this peer IP (CreatePermission, ChannelBind; RFC 8656 §9)? */
  allowsAddress(ip: string): boolean;
  /** May data go to this peer transport address (Send, ChannelBind)? */
  allowsTransport(ip: string, port: number): boolean;
}

const canonical = (ip: string) => {
  const b = parseIp(ip);
  return b ? formatIp(b) : null;
};

export function peerPolicy(opts: PeerPolicyOptions): PeerPolicy {
  const own = new Set(opts.relayAddresses.map(canonical).filter((x): x is string => x !== null));
  const refused = opts.allowLoopbackPeers ? [...MULTICAST, ...UNSPECIFIED] : [...LOOPBACK, ...LINK_LOCAL, ...MULTICAST, ...UNSPECIFIED];
  const inRelayRange = (port: number) => port >= opts.relayPortMin && port <= opts.relayPortMax;

  const allowsAddress = (ip: string) => {
    const b = parseIp(ip);
    if (!b) return false;
    return own.has(formatIp(b)) || !inAny(refused, b);
  };
  return {
    allowsAddress,
    allowsTransport(ip, port) {
      const b = parseIp(ip);
      if (!b) return false;
      if (own.has(formatIp(b)) && !opts.allowLoopbackPeers) return inRelayRange(port);
      return !inAny(refused, b);
    },
  };
}
