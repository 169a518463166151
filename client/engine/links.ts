// One PeerLink per peer device, kept apart from signaling: a link is peer to peer, so it outlives the socket to
// the server (a restart, a Wi-Fi blip) and a peer list that no longer names its peer. Links are keyed by
// device id, which is what signaling matches again after a reconnect.
import type { IceServer, SignalData } from "../../src/protocol";
import { Emitter } from "./emitter";
import type { LinkAuth, Verified } from "./link-proof";
import { PeerLink, type LinkEnd } from "./peer-link";
import type { PeerMessage } from "./peer-protocol";
import type { ProofFailure } from "./types";

export interface LinksEvents {
  /** The peer's proof held on a new link: it is open for use. */
  verified: { peerId: string; link: PeerLink; v: Verified };
  refused: { peerId: string; why: ProofFailure };
  route: string;
  message: { peerId: string; m: PeerMessage };
  binary: { peerId: string; b: ArrayBuffer };
  closed: { peerId: string; link: PeerLink; end: LinkEnd };
  /** A new link to a peer: the newest connection attempt. */
  created: PeerLink;
  stalled: { peerId: string; link: PeerLink; stalled: boolean };
}

export interface LinkHost {
  selfId(): string;
  /** Peers to reconnect to whenever their link is down (paused transfers wait on them). */
  wanted(): Iterable<string>;
  /** Signaling lists the peer now, so a new link can be negotiated. */
  listed(peerId: string): boolean;
  iceServers(): IceServer[];
  signal(peerId: string, data: SignalData): void;
  auth(peerId: string): Promise<LinkAuth>;
}

/** How often a wanted peer whose link is down is tried again; an attempt itself lasts up to CONNECT_TIMEOUT_MS. */
export const RECONNECT_MS = 2000;
/**
 * A reconnect attempt gives up sooner than a first connection: while the path is down its candidate checks
 * fail one by one, and a fresh attempt finds a path that came back faster than a worn-out one.
 */
export const RECONNECT_ATTEMPT_MS = 6000;

export class Links extends Emitter<LinksEvents> {
  private links = new Map<string, PeerLink>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private host: LinkHost) {
    super();
  }

  /** The current link to a peer, open or not. */
  get(peerId: string): PeerLink | undefined {
    return this.links.get(peerId);
  }

  /** A link that is verified and not closed: usable whatever signaling says of its peer. */
  isOpen(peerId: string): boolean {
    const link = this.links.get(peerId);
    return !!link && !link.isClosed && link.verified !== null;
  }

  all(): IterableIterator<PeerLink> {
    return this.links.values();
  }

  /** The open link to a peer, creating and connecting one when needed. */
  async open(peerId: string, attemptMs?: number): Promise<PeerLink> {
    let link = this.links.get(peerId);
    if (!link || link.isClosed) link = this.create(peerId, attemptMs);
    await link.whenOpen();
    return link;
  }

  /**
   * A signal from the peer, through the server. Each link is one connection attempt with an id, and every
   * signal names its link and, past the first, the link it answers: during a long cut both ends keep starting
   * links, and a signal of a replaced attempt applied to a newer one breaks it ("answer in state stable").
   * Only the impolite end starts a connection (the polite end knocks), so an attempt is always its offer.
   */
  onSignal(peerId: string, data: SignalData) {
    const current = this.links.get(peerId);
    const live = current && !current.isClosed ? current : undefined;
    if (data.to !== undefined && data.to !== live?.id) return console.debug("ferry: a signal for a link that is gone");
    if (this.politeTo(peerId)) {
      if (data.kind === "knock") return;
      if (live && live.remoteId === data.link) return live.handleSignal(data);
      if (data.kind !== "description" || data.description.type !== "offer") return console.debug("ferry: a signal from a link that is gone");
      // A new attempt of the peer: my knocking link takes it, any other link of mine belongs to one it left.
      if (live && live.remoteId === null) {
        live.adopt(data.link);
        live.handleSignal(data);
      } else this.create(peerId, undefined, data.link).handleSignal(data);
      return;
    }
    if (data.kind === "knock") {
      // The peer's new link waits for my offer. A link of mine that has heard nothing yet is that offer (sent
      // again, in case the first went to a link the peer has since left); one that has heard from another link
      // of the peer is from a connection the peer has left.
      if (live && live.remoteId === null) live.offerAgain();
      else this.create(peerId);
      return;
    }
    if (!live || data.to !== live.id) return console.debug("ferry: a signal that answers no link of mine");
    live.adopt(data.link);
    if (live.remoteId === data.link) live.handleSignal(data);
    else console.debug("ferry: a second answer to one offer");
  }

  /**
   * Reconnect now to every wanted peer that signaling lists and that has no link, and keep trying while any
   * is wanted. Both ends try; perfect negotiation settles two offers at once.
   */
  reconnect() {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    let waiting = false;
    for (const peerId of new Set(this.host.wanted())) {
      waiting = true;
      const link = this.links.get(peerId);
      if (this.host.listed(peerId) && (!link || link.isClosed)) this.open(peerId, RECONNECT_ATTEMPT_MS).catch((err: Error) => console.debug("ferry: reconnect failed:", err.message));
    }
    if (waiting) this.reconnectTimer = setTimeout(() => this.reconnect(), RECONNECT_MS);
  }

  setIceServers(iceServers: IceServer[]) {
    for (const link of this.links.values()) {
      if (link.isClosed) continue;
      link.pc.setConfiguration({ ...link.pc.getConfiguration(), iceServers });
      // A relay refuses refreshes once a credential expires: move relayed links to fresh allocations now.
      if (link.route === "relay") link.pc.restartIce();
    }
  }

  /** Close a link that is not open for use (still connecting, or dead); an open one goes on. */
  closeUnopened(peerId: string) {
    const link = this.links.get(peerId);
    if (link && !this.isOpen(peerId)) link.close("local");
  }

  close(peerId: string) {
    this.links.get(peerId)?.close("local");
  }

  closeAll() {
    for (const link of this.links.values()) link.close("local");
  }

  /** Perfect negotiation's roles, the same on both ends: the lower device id is polite. */
  private politeTo(peerId: string): boolean {
    return this.host.selfId() < peerId;
  }

  /** A new link to a peer, replacing its current one; `remote` is the peer's link it was made to answer. */
  private create(peerId: string, attemptMs?: number, remote?: string): PeerLink {
    this.links.get(peerId)?.close("local");
    const link = new PeerLink(peerId, this.politeTo(peerId), this.host.iceServers(), (data) => this.host.signal(peerId, data), this.host.auth(peerId), attemptMs, remote);
    this.links.set(peerId, link);
    link.on("verified", (v) => this.emit("verified", { peerId, link, v }));
    link.on("refused", (why) => this.emit("refused", { peerId, why }));
    link.on("route", (r) => this.emit("route", r));
    link.on("message", (m) => this.emit("message", { peerId, m }));
    link.on("binary", (b) => this.emit("binary", { peerId, b }));
    link.on("stalled", (stalled) => this.emit("stalled", { peerId, link, stalled }));
    link.on("closed", (end) => {
      // Only the peer's current link speaks for it; a replaced one's end concerns nobody.
      if (this.links.get(peerId) === link) this.emit("closed", { peerId, link, end });
    });
    this.emit("created", link);
    return link;
  }
}
