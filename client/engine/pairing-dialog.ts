// The pairing dialog's logic: show my code or enter another's, connect to the device that comes of it, show the
// verification code once its channel proof holds, and keep its key once both ends confirmed (design.md,
// "Device identity"). Knows nothing of the DOM; the engine feeds it server messages and gives it links.
import { normalizePairCode } from "../../src/codes";
import type { ClientMessage, PeerInfo, ServerMessage } from "../../src/protocol";
import type { Pairings } from "./identity/pairings";
import { LinkClosedError, type PeerLink } from "./peer-link";
import type { PairError, PairingView } from "./types";

export interface PairingHost {
  send(msg: ClientMessage): void;
  /** A link to the device whose proof holds (withLink); rejects with LinkClosedError. */
  link(peerId: string): Promise<PeerLink>;
  pairings: Pairings;
  show(view: PairingView | null): void;
  /** The pairings changed: show the peers and the paired list again. */
  changed(): void;
}

type PairMessage = Extract<ServerMessage, { type: "pair-code" | "pair-start" | "pair-cancelled" | "paired" }>;

export class PairingDialog {
  private view: PairingView | null = null;
  /** The peer's key as its proof showed it: what is pinned once both confirm. */
  private peerKey: string | null = null;
  /** A pair-join waits for its answer (so a "too-many-guesses" refusal is the dialog's). */
  joining = false;

  constructor(private host: PairingHost) {}

  private set(view: PairingView | null) {
    this.view = view;
    this.host.show(view);
  }

  private get peer(): PeerInfo | null {
    return this.view && this.view.stage !== "code" ? this.view.peer : null;
  }

  open() {
    this.set({ stage: "code", code: null, expiresAt: null, error: null });
    this.host.send({ type: "pair-code-request" });
  }

  join(input: string) {
    const code = normalizePairCode(input);
    const shown = this.view?.stage === "code" ? this.view : { stage: "code" as const, code: null, expiresAt: null, error: null };
    if (!code) return this.set({ ...shown, error: "code-invalid" });
    this.set({ ...shown, error: null });
    this.joining = true;
    this.host.send({ type: "pair-join", code });
  }

  confirm() {
    if (this.view?.stage !== "confirm" || this.view.confirmed) return;
    this.set({ ...this.view, confirmed: true });
    this.host.send({ type: "pair-confirm", id: this.view.peer.id });
  }

  close() {
    if (this.view && this.view.stage !== "done") this.host.send({ type: "pair-cancel", id: this.peer?.id ?? null });
    this.peerKey = null;
    this.set(null);
  }

  /** A refusal of my last pair-join. */
  refused(error: PairError) {
    this.joining = false;
    if (this.view?.stage === "code") this.set({ ...this.view, error });
  }

  onServer(msg: PairMessage) {
    switch (msg.type) {
      case "pair-code":
        if (this.view?.stage === "code") this.set({ ...this.view, code: msg.code, expiresAt: Date.now() + msg.ttlSeconds * 1000 });
        return;
      case "pair-start":
        return this.start(msg.peer);
      case "pair-cancelled":
        if (this.peer?.id === msg.id && this.view?.stage !== "done") this.set({ stage: "failed", peer: this.peer, reason: "cancelled" });
        return;
      case "paired":
        return void this.paired(msg.id);
      default:
        msg satisfies never;
    }
  }

  private start(peer: PeerInfo) {
    this.joining = false;
    // Nobody is pairing here (the dialog closed as the other device entered the code): call it off.
    if (!this.view) return this.host.send({ type: "pair-cancel", id: peer.id });
    this.peerKey = null;
    this.set({ stage: "verifying", peer });
    this.host
      .link(peer.id)
      .then((link) => {
        if (this.peer?.id !== peer.id || !link.verified) return;
        this.peerKey = link.verified.publicKey;
        this.set({ stage: "confirm", peer, verifyCode: link.verified.verifyCode, confirmed: false });
      })
      .catch((err: Error) => {
        if (this.peer?.id !== peer.id) return;
        this.set({ stage: "failed", peer, reason: err instanceof LinkClosedError && err.end === "refused" ? "refused" : "no-path" });
        this.host.send({ type: "pair-cancel", id: peer.id });
      });
  }

  private async paired(id: string) {
    const peer = this.peer;
    if (peer?.id !== id || !this.peerKey) {
      // Confirmed on the server but not here any more (the dialog closed in between): undo it on both ends.
      console.warn("ferry: a pairing completed that this page no longer waits for; ending it");
      return this.host.send({ type: "unpair", id });
    }
    await this.host.pairings.add({ id, publicKey: this.peerKey, name: peer.name, device: peer.device, since: Date.now() });
    this.set({ stage: "done", peer });
    this.host.changed();
  }
}
