// The gate on a fresh DataChannel: each end first sends its proof (identity/channel-proof.ts), and nothing
// else passes, either way, until the peer's proof holds. Frames that arrive while it is being checked wait;
// anything before a proof, or any failure, ends the link.
import { sdpFingerprint, type ChannelEnds, type Proof, type ProofCheck } from "./identity/channel-proof";
import { parsePeerMessage } from "./peer-protocol";
import type { ProofFailure } from "./types";

export interface LinkAuth {
  selfId: string;
  prove(ends: ChannelEnds): Promise<Proof>;
  check(proof: Proof, ends: ChannelEnds): Promise<ProofCheck>;
}

export interface Verified {
  publicKey: string;
  verifyCode: string;
}

/** How long the peer has to prove itself once the channel is open. */
const PROOF_TIMEOUT_MS = 10_000;
/** How long an open channel may wait for its descriptions to be applied, and how often it looks. */
const SETTLE_MAX_MS = 5_000;
const SETTLE_POLL_MS = 20;
/** Frames held while a proof is checked; the peer sends none but its proof before ours holds, so few. */
const MAX_HELD = 64;

export class ProofGate {
  verified: Verified | null = null;
  private ends: ChannelEnds | null = null;
  private checking = false;
  private held: (string | ArrayBuffer)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private over = false;
  private auth: LinkAuth | null = null;
  private sent = false;
  private checked: Verified | null = null;

  constructor(
    private authReady: Promise<LinkAuth>,
    private peerId: string,
    private pc: RTCPeerConnection,
    private channel: RTCDataChannel,
    private onVerified: (v: Verified) => void,
    private onRefused: (why: ProofFailure) => void,
    private pass: (data: string | ArrayBuffer) => void,
  ) {}

  /** The channel opened: the fingerprints of both descriptions this end applied are settled. Send my proof. */
  async start() {
    const auth = await this.authReady;
    const ends = await this.settledFingerprints();
    if (this.over) return;
    if (!ends) return this.refuse("no-proof");
    const [local, remote] = ends;
    this.ends = { selfId: auth.selfId, peerId: this.peerId, localFingerprint: local, remoteFingerprint: remote };
    this.timer = setTimeout(() => this.refuse("no-proof"), PROOF_TIMEOUT_MS);
    this.auth = auth;
    // The peer's proof may have come while this end was getting ready.
    const first = this.held.shift();
    if (first !== undefined) this.receive(first);
    const proof = await auth.prove(this.ends);
    if (this.over || this.channel.readyState !== "open") return;
    this.channel.send(JSON.stringify({ type: "proof", id: "proof", ...proof }));
    this.sent = true;
    this.open();
  }

  /**
   * The fingerprints of both applied descriptions. On the offering end the channel can open a moment before
   * setRemoteDescription(answer) has completed (DTLS and SCTP finish on another thread), while
   * currentRemoteDescription is still null: that refused a good peer when the answer came slowly.
   */
  private async settledFingerprints(): Promise<[string, string] | null> {
    for (let waited = 0; ; waited += SETTLE_POLL_MS) {
      const local = sdpFingerprint(this.pc.currentLocalDescription?.sdp);
      const remote = sdpFingerprint(this.pc.currentRemoteDescription?.sdp);
      if (local && remote) {
        if (waited > 0) console.warn(`ferry: the channel opened ${waited} ms before its descriptions were applied`);
        return [local, remote];
      }
      if (waited >= SETTLE_MAX_MS || this.over) return null;
      await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    }
  }

  receive(data: string | ArrayBuffer) {
    if (this.over) return;
    if (this.verified) return this.pass(data);
    if (this.checking || !this.ends || !this.auth) {
      // Held until the proof is checked (or this end is ready to check it).
      if (this.held.push(data) > MAX_HELD) this.refuse("no-proof");
      return;
    }
    const msg = typeof data === "string" ? parsePeerMessage(data) : null;
    if (msg?.type !== "proof") return this.refuse("no-proof");
    this.checking = true;
    void this.auth.check({ publicKey: msg.publicKey, signature: msg.signature }, this.ends).then((r) => {
      if (this.over) return;
      if (!r.ok) return this.refuse(r.why);
      this.checked = { publicKey: r.publicKey, verifyCode: r.verifyCode };
      this.open();
    });
  }

  /** Open for use once the peer's proof held and mine is on its way: my proof stays my first message. */
  private open() {
    if (!this.sent || !this.checked || this.verified) return;
    if (this.timer) clearTimeout(this.timer);
    this.verified = this.checked;
    this.onVerified(this.verified);
    for (const d of this.held.splice(0)) this.pass(d);
  }

  stop() {
    this.over = true;
    if (this.timer) clearTimeout(this.timer);
    this.held = [];
  }

  private refuse(why: ProofFailure) {
    if (this.over) return;
    this.stop();
    this.onRefused(why);
  }
}
