// One RTCPeerConnection and its DataChannel to one peer, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example) so either side may start it.
import type { SignalData } from "../../src/protocol";
import { Emitter } from "./emitter";
import { parsePeerMessage, type PeerMessage } from "./peer-protocol";
import type { PeerRoute } from "./types";

export interface PeerLinkEvents {
  route: PeerRoute;
  message: PeerMessage;
  binary: ArrayBuffer;
  /** The link is gone for good; a new one is needed for further transfers. */
  closed: string;
}

/** Pause sending above this many queued bytes (Chromium throws past ~16 MiB), resume below the low mark. */
export const HIGH_WATER = 8 * 1024 * 1024;
export const LOW_WATER = 2 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 20_000;
const NO_PATH = "could not connect (no network path found)";
const DISCONNECTED_GRACE_MS = 8_000;

export class PeerLink extends Emitter<PeerLinkEvents> {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  route: PeerRoute = "connecting";
  private makingOffer = false;
  private ignoreOffer = false;
  private signals: Promise<void> = Promise.resolve();
  private opened: Promise<void>;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private closedReason: string | null = null;
  everOpened = false;
  private localRelayed = false;
  private toldPeerRelayed: boolean | null = null;
  private remoteCandidateRelayed = false;
  private peerRelayed = false;

  constructor(
    readonly peerId: string,
    private polite: boolean,
    iceServers: RTCIceServer[],
    private sendSignal: (data: SignalData) => void,
  ) {
    super();
    this.pc = new RTCPeerConnection({ iceServers });
    // Negotiated with a fixed id on both sides: no ondatachannel race, whichever side offers first.
    this.channel = this.pc.createDataChannel("ferry", { negotiated: true, id: 0, ordered: true });
    this.channel.binaryType = "arraybuffer";
    this.channel.bufferedAmountLowThreshold = LOW_WATER;

    this.pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await this.pc.setLocalDescription();
        this.sendDescription();
      } catch (err) {
        console.warn("ferry: could not create an offer", err);
      } finally {
        this.makingOffer = false;
      }
    };
    this.pc.onicecandidate = (ev) => this.sendSignal({ kind: "candidate", candidate: ev.candidate ? { ...ev.candidate.toJSON(), candidate: ev.candidate.candidate } : null });
    this.pc.onconnectionstatechange = () => this.onConnectionState();
    // ICE may move to another candidate pair (e.g. after a restart) without a connection state change.
    this.pc.oniceconnectionstatechange = () => void this.updateRoute();

    this.opened = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.close(NO_PATH), CONNECT_TIMEOUT_MS);
      this.channel.onopen = () => {
        clearTimeout(timer);
        this.everOpened = true;
        resolve();
        void this.updateRoute();
      };
      this.on("closed", (reason) => {
        clearTimeout(timer);
        reject(new Error(reason));
      });
    });
    // Callers observe failures through whenOpen(); this keeps an unobserved rejection from being reported twice.
    this.opened.catch((err: Error) => console.debug("ferry: link closed before opening:", err.message));
    this.channel.onclose = () => this.close("the connection closed");
    this.channel.onmessage = (ev) => {
      if (typeof ev.data === "string") {
        const msg = parsePeerMessage(ev.data);
        if (msg) this.emit("message", msg);
        else console.warn("ferry: ignored a malformed message from a peer");
      } else this.emit("binary", ev.data as ArrayBuffer);
    };
  }

  get isClosed() {
    return this.closedReason !== null;
  }

  whenOpen(): Promise<void> {
    return this.opened;
  }

  /** Feed a signal from the peer; signals are applied one at a time, in order. */
  handleSignal(data: SignalData) {
    this.signals = this.signals.then(() => this.applySignal(data)).catch((err) => console.warn("ferry: signaling step failed", err));
  }

  send(msg: PeerMessage) {
    if (this.channel.readyState === "open") this.channel.send(JSON.stringify(msg));
  }

  /** Send bytes, waiting first while the channel's queue is above the high-water mark. */
  async sendBinary(chunk: ArrayBuffer | Uint8Array) {
    if (this.channel.bufferedAmount > HIGH_WATER) await this.drained();
    if (this.channel.readyState !== "open") throw new Error(this.closedReason ?? "the connection closed");
    this.channel.send(chunk as ArrayBuffer);
  }

  close(reason: string) {
    if (this.closedReason !== null) return;
    // Whatever ended a link that never opened, for people it means one thing.
    this.closedReason = this.everOpened ? reason : NO_PATH;
    this.setRoute("failed");
    this.channel.close();
    this.pc.close();
    this.emit("closed", this.closedReason);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.channel.removeEventListener("bufferedamountlow", done);
        this.channel.removeEventListener("close", done);
        resolve();
      };
      this.channel.addEventListener("bufferedamountlow", done);
      this.channel.addEventListener("close", done);
    });
  }

  private sendDescription() {
    const d = this.pc.localDescription;
    if (d) this.sendSignal({ kind: "description", description: { type: d.type, sdp: d.sdp } });
  }

  private async applySignal(data: SignalData) {
    if (this.isClosed) return;
    if (data.kind === "description") {
      const offerCollision = data.description.type === "offer" && (this.makingOffer || this.pc.signalingState !== "stable");
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;
      await this.pc.setRemoteDescription(data.description);
      if (data.description.type === "offer") {
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } else {
      try {
        await this.pc.addIceCandidate(data.candidate ?? undefined);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
    }
  }

  private onConnectionState() {
    const s = this.pc.connectionState;
    if (this.graceTimer && s !== "disconnected") {
      clearTimeout(this.graceTimer);
      this.graceTimer = null;
    }
    if (s === "connected") void this.updateRoute();
    else if (s === "failed") this.close("the connection failed");
    else if (s === "disconnected") this.graceTimer = setTimeout(() => this.close("the connection was lost"), DISCONNECTED_GRACE_MS);
  }

  /** Direct or relayed: read the selected candidate pair from getStats(), and tell the peer what this end uses. */
  private async updateRoute() {
    if (this.isClosed) return;
    const stats = await this.pc.getStats().catch((err: Error) => console.debug("ferry: getStats failed", err.message));
    if (!stats) return;
    let pairId: string | undefined;
    stats.forEach((s) => {
      if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    if (!pair) return;
    this.localRelayed = stats.get(pair.localCandidateId)?.candidateType === "relay";
    if (this.channel.readyState === "open" && this.localRelayed !== this.toldPeerRelayed) {
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
