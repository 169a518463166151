// Collects what the diagnostics panel needs beyond the store: the network the server put this device in,
// whether a relay was offered, and the newest connection attempt to a peer (its ICE state and candidate types).
import type { IceServer, NetworkInfo } from "../../src/protocol";
import type { ConnectionFacts, LinkAttempt } from "./diagnostics";
import type { PeerLink } from "./peer-link";

export const offersRelay = (servers: IceServer[]) => servers.some((s) => s.urls.some((u) => /^turns?:/.test(u)));

export class ConnectionFactsTracker {
  private network: NetworkInfo | null = null;
  private relay = false;
  private link: PeerLink | null = null;
  private peerName = "";
  private outcome: LinkAttempt["outcome"] = "trying";

  constructor(private publish: (facts: ConnectionFacts) => void) {}

  welcome(network: NetworkInfo, iceServers: IceServer[]) {
    this.network = network;
    this.iceServers(iceServers);
  }

  iceServers(servers: IceServer[]) {
    this.relay = offersRelay(servers);
    this.emit();
  }

  /** A new link is the newest attempt; a link closed by this end (page, peer left, replaced) keeps its last outcome. */
  watch(link: PeerLink, peerName: string) {
    const current = () => this.link === link;
    this.link = link;
    this.peerName = peerName;
    this.outcome = "trying";
    link.on("ice", () => current() && this.emit());
    link.on("verified", () => {
      if (!current()) return;
      this.outcome = "open";
      this.emit();
    });
    link.on("closed", (end) => {
      if (!current() || end === "local") return;
      this.outcome = end;
      this.emit();
    });
    this.emit();
  }

  private emit() {
    const l = this.link;
    this.publish({
      network: this.network,
      relay: this.relay,
      lastAttempt: l && { peerName: this.peerName, ice: l.iceState, outcome: this.outcome, local: [...l.localTypes], remote: [...l.remoteTypes] },
    });
  }
}
