// "Can't see your device?": the facts this page has about its connections, and the causes they point to.
// diagnose() is pure and emits cause codes; client/i18n turns them into words, client/ui/Diagnostics.tsx shows them.
import type { NetworkInfo } from "../../src/protocol";
import type { LinkEnd } from "./peer-link";
import type { SignalingStatus } from "./types";

/** ICE candidate types (RFC 8445 §5.1.1): this machine's address, as a NAT showed it, as learnt from a check, via a relay. */
export type CandidateType = "host" | "srflx" | "prflx" | "relay";
export const CANDIDATE_TYPES: readonly CandidateType[] = ["host", "srflx", "prflx", "relay"];

/** The newest connection attempt to a peer: how far ICE got and with which candidates. */
export interface LinkAttempt {
  peerName: string;
  /** RTCIceConnectionState when last seen. */
  ice: string;
  /** trying: not open yet; open: the channel opened and the peer proved its key; else how it ended. */
  outcome: "trying" | "open" | Exclude<LinkEnd, "local">;
  /** Candidate types this end gathered, and those the peer sent. */
  local: CandidateType[];
  remote: CandidateType[];
}

/** What the engine knows beyond the store's status, peers and room. */
export interface ConnectionFacts {
  /** From the server's welcome; null before one. */
  network: NetworkInfo | null;
  /** The server handed out a TURN relay. */
  relay: boolean;
  lastAttempt: LinkAttempt | null;
}

export interface DiagnosticFacts extends ConnectionFacts {
  signaling: SignalingStatus;
  /** Devices visible now. */
  peers: number;
  /** The temporary room this device is in. */
  room: string | null;
  /** Devices this browser is paired with that are not online now. */
  pairedAway: number;
  /** navigator.onLine */
  online: boolean;
  /** navigator.connection says mobile data (Chromium on Android); false where unknown. */
  cellular: boolean;
}

/**
 * offline              the browser says it has no network
 * replaced             another tab of this browser has the device
 * server-unreachable   the signaling socket is down: no device can be seen until it is back
 * proxy-untrusted      a reverse proxy forwards without --trust-proxy: every device looks like the proxy
 * no-direct-path       the last connection found no direct path and the server has no relay
 * relay-failed         the last connection failed even with the relay offered (UDP and TCP to it blocked?)
 * room-alone           in a temporary room that no other device has joined (another code?)
 * alone-public         no other device on this public network (other devices: mobile data, another Wi-Fi, a VPN)
 * ipv6-split           reached over IPv6: a device of the same home on IPv4 lands on another network
 * alone-local          no other device has reached this server from the local network
 * mobile-data          this device is on mobile data: other devices on Wi-Fi are on another network
 * paired-away          a device this one is paired with is not online (its page is closed or asleep)
 */
export type Cause =
  | "offline"
  | "replaced"
  | "server-unreachable"
  | "proxy-untrusted"
  | "no-direct-path"
  | "relay-failed"
  | "room-alone"
  | "alone-public"
  | "ipv6-split"
  | "alone-local"
  | "mobile-data"
  | "paired-away";

/** The causes the facts point to, most telling first; empty when nothing looks wrong from here. */
export function diagnose(f: DiagnosticFacts): Cause[] {
  if (!f.online) return ["offline"];
  if (f.signaling === "replaced") return ["replaced"];
  // Without the socket nothing else the page knows is current.
  if (f.signaling !== "online") return ["server-unreachable"];
  const causes: Cause[] = [];
  if (f.network?.forwardingIgnored) causes.push("proxy-untrusted");
  const failed = f.lastAttempt && f.lastAttempt.outcome !== "trying" && f.lastAttempt.outcome !== "open" && f.lastAttempt.outcome !== "refused";
  if (failed) causes.push(f.relay ? "relay-failed" : "no-direct-path");
  if (f.peers === 0) {
    if (f.room) causes.push("room-alone");
    else if (f.network?.kind === "local") causes.push("alone-local");
    else {
      causes.push("alone-public");
      if (f.network?.family === "ipv6") causes.push("ipv6-split");
    }
  }
  if (f.cellular && f.peers === 0) causes.push("mobile-data");
  if (f.pairedAway > 0) causes.push("paired-away");
  return causes;
}

/** The type of one ICE candidate line ("candidate:… typ srflx …"); null when it has none we know. */
export function candidateType(line: string): CandidateType | null {
  const m = / typ (\w+)/.exec(line);
  return m && (CANDIDATE_TYPES as readonly string[]).includes(m[1]!) ? (m[1] as CandidateType) : null;
}
