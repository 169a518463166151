// One RTCPeerConnection and its DataChannel to one peer, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) so either side may start it. The link is
// open for use only once the peer has proven its device key over the channel (link-proof.ts).
import type { SignalBody, SignalData } from "../../src/protocol";
import { Emitter } from "./emitter";
import { ProofGate, type LinkAuth, type Verified } from "./link-proof";
import { parsePeerMessage, type PeerMessage } from "./peer-protocol";
import type { PeerRoute, ProofFailure } from "./types";
import { candidateType, type CandidateType } from "./diagnostics";

/**
 * How a link ended: it never opened (no network path), it broke after opening (lost), the peer's proof failed
 * (refused), or this end closed it (local: the page stopped, the peer left, or the link was replaced).
 */
export type LinkEnd = "no-path" | "lost" | "refused" | "local";

/** Thrown by whenOpen() and sendBinary() once the link has ended. */
export class LinkClosedError extends Error {
  constructor(readonly end: LinkEnd) {
    super(`link ${end}`);
  }
}

export interface PeerLinkEvents {
  route: PeerRoute;
  message: PeerMessage;
  binary: ArrayBuffer;
  /** The peer proved its device key: the link is open for use. */
  verified: Verified;
  /** The peer's proof failed; the link closes ("refused"). */
  refused: ProofFailure;
  /** The link is gone for good; a new one is needed for further transfers. */
  closed: LinkEnd;
  /** ICE moved, or a candidate type was seen for the first time (for the diagnostics panel). */
  ice: void;
  /** ICE lost the path (true; the link closes if it stays lost) or found it again (false). */
  stalled: boolean;
}

/** Pause sending above this many queued bytes (Chromium throws past ~16 MiB), resume below the low mark. */
export const HIGH_WATER = 8 * 1024 * 1024;
export const LOW_WATER = 2 * 1024 * 1024;
/** Chromium refuses larger DataChannel messages, whatever the other end announces. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const CONNECT_TIMEOUT_MS = 20_000;
const DISCONNECTED_GRACE_MS = 8_000;

/** How often, and how many times, to ask getStats() again for the selected candidate pair when it has none. */
const ROUTE_RETRY_MS = 500;
const ROUTE_RETRIES = 20;

/**
 * The candidate pair ICE uses: the one the transport names (the standard), else one marked `selected` (the
 * older, non-standard field, for a report that names none).
 */
function selectedPair(stats: RTCStatsReport): RTCIceCandidatePairStats | undefined {
  let pairId: string | undefined;
  let marked: RTCIceCandidatePairStats | undefined;
  stats.forEach((s) => {
    if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    if (s.type === "candidate-pair" && (s as { selected?: boolean }).selected) marked = s;
  });
  return (pairId ? stats.get(pairId) : undefined) ?? marked;
}

/** 16 random base64url characters: a link id (LINK_ID_PATTERN). */
function newLinkId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

export class PeerLink extends Emitter<PeerLinkEvents> {
  /** This connection attempt's id, sent with its signals. */
  readonly id = newLinkId();
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  route: PeerRoute = "connecting";
  private makingOffer = false;
  private knocked = false;
  private ignoreOffer = false;
  private signals: Promise<void> = Promise.resolve();
  private opened: Promise<void>;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private ended: LinkEnd | null = null;
  everOpened = false;
  private localRelayed = false;
  private toldPeerRelayed: boolean | null = null;
  private remoteCandidateRelayed = false;
  private peerRelayed = false;
  private gate!: ProofGate;
  /** Candidate types gathered here and received from the peer. */
  readonly localTypes = new Set<CandidateType>();
  readonly remoteTypes = new Set<CandidateType>();
  /** The ICE state last seen; kept past close(), which leaves the connection "closed". */
  iceState: RTCIceConnectionState = "new";
  private stalled = false;
  private routeRetries = 0;

  constructor(
    readonly peerId: string,
    private polite: boolean,
    iceServers: RTCIceServer[],
    private sendSignal: (data: SignalData) => void,
    auth: Promise<LinkAuth>,
    connectTimeoutMs = CONNECT_TIMEOUT_MS,
    /** The peer's link this one answers, when it was made for a signal of that link. */
    private remote: string | null = null,
  ) {
    super();
    this.pc = new RTCPeerConnection({ iceServers });
    // Negotiated with a fixed id on both sides: no ondatachannel race, whichever side offers first.
    this.channel = this.pc.createDataChannel("ferry", { negotiated: true, id: 0, ordered: true });
    this.channel.binaryType = "arraybuffer";
    this.channel.bufferedAmountLowThreshold = LOW_WATER;

    this.pc.onnegotiationneeded = () => {
      // A link's first offer comes from the impolite end: when both made one at once, the polite end's rollback
      // left Chromium's ICE gathering stalled in about one try in six, and two ends that both start attempts
      // during a cut keep crossing them. So the polite end knocks (unless its link was made for the peer's
      // offer, which is being applied), and offers only to renegotiate.
      if (this.polite && !this.pc.remoteDescription) {
        if (this.remote === null && !this.knocked) this.signal({ kind: "knock" });
        this.knocked = true;
        return;
      }
      void this.offer();
    };
    this.pc.onicecandidate = (ev) => {
      if (ev.candidate) this.noteCandidate(this.localTypes, ev.candidate.candidate);
      this.signal({ kind: "candidate", candidate: ev.candidate ? { ...ev.candidate.toJSON(), candidate: ev.candidate.candidate } : null });
    };
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    // ICE may move to another candidate pair (e.g. after a restart) without a connection state change.
    this.pc.oniceconnectionstatechange = () => {
      this.iceState = this.pc.iceConnectionState;
      this.emit("ice", undefined);
      void this.updateRoute();
    };

    this.opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.close("no-path"), connectTimeoutMs);
      this.gate = new ProofGate(
        auth,
        peerId,
        this.pc,
        this.channel,
        (v) => {
          resolve();
          this.emit("verified", v);
          void this.updateRoute();
        },
        (why) => {
          this.emit("refused", why);
          this.close("refused");
        },
        (data) => this.receive(data),
      );
      this.channel.onopen = () => {
        clearTimeout(timer);
        this.everOpened = true;
        void this.gate.start().catch((err: Error) => {
          console.warn("ferry: could not make a channel proof", err);
          this.close("local");
        });
      };
      this.on("closed", (end) => {
        clearTimeout(timer);
        reject(new LinkClosedError(end));
      });
    });
    // Callers observe failures through whenOpen(); this keeps an unobserved rejection from being reported twice.
    this.opened.catch((err: Error) => console.debug("ferry: link closed before opening:", err.message));
    this.channel.onclose = () => this.close("lost");
    this.channel.onmessage = (ev) => this.gate.receive(ev.data as string | ArrayBuffer);
  }

  private receive(data: string | ArrayBuffer) {
    if (typeof data === "string") {
      const msg = parsePeerMessage(data);
      if (msg && msg.type !== "proof") this.emit("message", msg);
      else console.warn("ferry: ignored a malformed message from a peer");
    } else this.emit("binary", data);
  }

  /** The peer's link this one talks to, once it has heard from it (or was made for it). */
  get remoteId(): string | null {
    return this.remote;
  }

  /** This link now talks to that link of the peer: the first of its links it heard from. */
  adopt(remoteId: string) {
    this.remote ??= remoteId;
  }

  /** The impolite end's answer to a knock while its offer is unanswered: the same offer, to the knocking link. */
  offerAgain() {
    if (this.pc.signalingState === "have-local-offer") this.sendDescription();
  }

  private signal(body: SignalBody) {
    this.sendSignal({ ...body, link: this.id, ...(this.remote === null ? {} : { to: this.remote }) });
  }

  get isClosed() {
    return this.ended !== null;
  }

  /** The largest message the peer takes: what its SDP announced, and never past Chromium's 256 KiB. */
  get maxMessageBytes(): number {
    const announced = this.pc.sctp?.maxMessageSize;
    return Math.min(MAX_MESSAGE_BYTES, announced && announced > 0 ? announced : MAX_MESSAGE_BYTES);
  }

  /** The peer's proven key and the verification code, once its proof held. */
  get verified(): Verified | null {
    return this.gate.verified;
  }

  whenOpen(): Promise<void> {
    return this.opened;
  }

  /** Feed a signal from the peer; signals are applied one at a time, in order. */
  handleSignal(data: SignalData) {
    this.signals = this.signals.then(() => this.applySignal(data)).catch((err) => console.warn("ferry: signaling step failed", err));
  }

  /** Send a control message; nothing leaves before the peer's proof holds. */
  send(msg: PeerMessage) {
    if (this.channel.readyState === "open" && this.gate.verified) this.channel.send(JSON.stringify(msg));
  }

  /** Send bytes, waiting first while the channel's queue is above the high-water mark. */
  async sendBinary(chunk: ArrayBuffer | Uint8Array) {
    if (this.channel.bufferedAmount > HIGH_WATER) await this.drained();
    if (this.channel.readyState !== "open" || !this.gate.verified) throw new LinkClosedError(this.ended ?? "lost");
    this.channel.send(chunk as ArrayBuffer);
  }

  close(end: LinkEnd) {
    if (this.ended !== null) return;
    // Whatever ended a link that never opened, for people it means one thing: no path.
    this.ended = this.everOpened ? end : "no-path";
    this.gate.stop();
    this.setRoute("failed");
    this.channel.close();
    this.pc.close();
    this.emit("closed", this.ended);
  }

  /** Resolves when the queue is low again, or when the link ends: pc.close() closes the channel without a close event. */
  private drained(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.channel.removeEventListener("bufferedamountlow", done);
        this.channel.removeEventListener("close", done);
        offClosed();
        resolve();
      };
      const offClosed = this.on("closed", done);
      this.channel.addEventListener("bufferedamountlow", done);
      this.channel.addEventListener("close", done);
    });
  }

  private async offer() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (err) {
      console.warn("ferry: could not create an offer", err);
    } finally {
      this.makingOffer = false;
    }
  }

  private sendDescription() {
    const d = this.pc.localDescription;
    if (d) this.signal({ kind: "description", description: { type: d.type, sdp: d.sdp } });
  }

  private async applySignal(data: SignalData) {
    if (this.isClosed || data.kind === "knock") return;
    if (data.kind === "description") {
      // An offer sent again after a knock, that this end has already answered.
      if (data.description.type === "offer" && data.description.sdp === this.pc.currentRemoteDescription?.sdp) return;
      const offerCollision = data.description.type === "offer" && (this.makingOffer || this.pc.signalingState !== "stable");
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;
      await this.pc.setRemoteDescription(data.description);
      if (data.description.type === "offer") {
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } else {
      if (data.candidate) this.noteCandidate(this.remoteTypes, data.candidate.candidate);
      try {
        await this.pc.addIceCandidate(data.candidate ?? undefined);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
    }
  }

  private noteCandidate(seen: Set<CandidateType>, line: string) {
    const type = candidateType(line);
    if (!type || seen.has(type)) return;
    seen.add(type);
    this.emit("ice", undefined);
  }

  private onConnectionState() {
    const s = this.pc.connectionState;
    if (this.graceTimer && s !== "disconnected") {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
    if (s === "connected") void this.updateRoute();
    else if (s === "failed") this.close("lost");
    else if (s === "disconnected") this.graceTimer = setTimeout(() => this.close("lost"), DISCONNECTED_GRACE_MS);
    const stalled = s === "disconnected";
    if (stalled !== this.stalled && this.everOpened && !this.isClosed) this.emit("stalled", (this.stalled = stalled));
  }

  /** Direct or relayed: read the selected candidate pair from getStats(), and tell the peer what this end uses. */
  private async updateRoute() {
    if (this.isClosed) return;
    const stats = await this.pc.getStats().catch((err: Error) => console.debug("ferry: getStats failed", err.message));
    const pair = stats && selectedPair(stats);
    if (!pair) {
      // No pair reported yet (or getStats failed) and nothing else may come to ask again: the badge would say
      // "connecting", pulsing on both screens for a whole transfer. Ask again shortly while the link lives.
      if (this.route === "connecting" && this.routeRetries++ < ROUTE_RETRIES) setTimeout(() => void this.updateRoute(), ROUTE_RETRY_MS);
      return;
    }
    this.localRelayed = stats.get(pair.localCandidateId)?.candidateType === "relay";
    if (this.channel.readyState === "open" && this.gate.verified && this.localRelayed !== this.toldPeerRelayed) {
      this.toldPeerRelayed = this.localRelayed;
      this.send({ type: "path", id: "path", relayed: this.localRelayed });
    }
    this.remoteCandidateRelayed = stats.get(pair.remoteCandidateId)?.candidateType === "relay";
    this.applyRoute();
  }

  /** What the peer reported of its own end (a `path` message). */
  setPeerRelayed(relayed: boolean) {
    this.peerRelayed = relayed;
    this.applyRoute();
  }

  private applyRoute() {
    if (this.isClosed || !this.everOpened) return;
    this.setRoute(this.localRelayed || this.remoteCandidateRelayed || this.peerRelayed ? "relay" : "direct");
  }

  private setRoute(route: PeerRoute) {
    if (route === this.route) return;
    this.route = route;
    this.emit("route", route);
  }
}
