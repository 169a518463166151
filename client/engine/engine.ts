// The engine facade: peers from signaling, one PeerLink per peer, transfers and texts over it.
import type { IceServer, PeerInfo, ServerMessage } from "../../src/protocol";
import { Emitter } from "./emitter";
import { randomId } from "./random-id";
import { SignalingClient } from "./signaling-client";
import { PeerLink } from "./peer-link";
import { MAX_TEXT_LENGTH, type PeerMessage } from "./peer-protocol";
import { Transfer } from "./transfer";
import { CancelledError, streamFiles } from "./outgoing";
import { IncomingFiles } from "./incoming";
import type { Engine, EngineEvents, FileMeta } from "./types";

const DEVICE_KEY = "ferry-device";

/** A random seed kept by this browser: the server derives the same display name from it after a reload. */
function deviceSeed(): string {
  try {
    let seed = localStorage.getItem(DEVICE_KEY);
    if (!seed) localStorage.setItem(DEVICE_KEY, (seed = randomId()));
    return seed;
  } catch (err) {
    console.info("ferry: storage is off (private mode?), so this device gets a new name each visit", err);
    return randomId();
  }
}

export function createEngine(opts: { wsUrl: string }): Engine {
  return new FerryEngine(opts.wsUrl);
}

class FerryEngine extends Emitter<EngineEvents> implements Engine {
  private signaling: SignalingClient;
  private self: PeerInfo | null = null;
  private peers = new Map<string, PeerInfo>();
  private links = new Map<string, PeerLink>();
  private iceServers: IceServer[] = [];
  private transfers = new Map<string, Transfer>();
  /** Outgoing streams run one at a time per peer: binary frames on the channel belong to one file. */
  private sendQueues = new Map<string, Promise<void>>();
  /** The transfer whose bytes currently arrive from each peer. */
  private activeIncoming = new Map<string, Transfer>();

  constructor(wsUrl: string) {
    super();
    const url = new URL(wsUrl);
    url.searchParams.set("device", deviceSeed());
    this.signaling = new SignalingClient(url.toString());
    this.signaling.on("status", (s) => this.emit("status", s));
    this.signaling.on("message", (m) => this.onServerMessage(m));
  }

  start() {
    this.signaling.start();
  }

  stop() {
    this.signaling.stop();
    for (const link of this.links.values()) link.close("stopped");
  }

  rename(name: string) {
    this.signaling.send({ type: "rename", name });
  }

  sendFiles(peerId: string, files: File[]): string {
    const t = this.newTransfer(peerId, "send", files.map((f) => ({ name: f.name, size: f.size, type: f.type })));
    t.outgoing = files;
    void this.withLink(peerId)
      .then((link) => link.send({ type: "offer", id: t.id, files: t.view.files }))
      .catch((err: Error) => t.end("failed", `Could not connect to ${t.view.peerName}: ${err.message}`));
    return t.id;
  }

  sendText(peerId: string, text: string) {
    if (!text || text.length > MAX_TEXT_LENGTH) {
      this.emit("notice", { peerId, message: `A message must be between 1 and ${MAX_TEXT_LENGTH} characters` });
      return;
    }
    const id = randomId();
    const peerName = this.peers.get(peerId)?.name ?? "peer";
    void this.withLink(peerId)
      .then((link) => {
        link.send({ type: "text", id, text });
        this.emit("text", { id, peerId, peerName, direction: "send", text, at: Date.now() });
      })
      .catch((err: Error) => this.emit("notice", { peerId, message: `Could not send the message to ${peerName}: ${err.message}` }));
  }

  accept(id: string) {
    const t = this.transfers.get(id);
    if (!t || t.view.direction !== "receive" || t.view.state !== "offered") return;
    t.incoming = new IncomingFiles(
      id,
      t.view.files,
      (n) => t.addBytes(n),
      (file) => t.addReceived(file),
      (reason) => this.failTransfer(t, reason),
    );
    const link = this.links.get(t.view.peerId);
    if (!link || link.isClosed) return t.end("failed", `Connection to ${t.view.peerName} lost`);
    t.setState("active");
    link.send({ type: "accept", id });
  }

  decline(id: string) {
    const t = this.transfers.get(id);
    if (!t || t.view.direction !== "receive" || t.view.state !== "offered") return;
    this.links.get(t.view.peerId)?.send({ type: "decline", id });
    t.end("declined", "You declined");
  }

  cancel(id: string) {
    const t = this.transfers.get(id);
    if (!t || t.finished) return;
    this.links.get(t.view.peerId)?.send({ type: "cancel", id, reason: "cancelled" });
    t.end("cancelled", "You cancelled");
  }

  dismiss(id: string) {
    const t = this.transfers.get(id);
    if (!t) return;
    if (!t.finished) this.cancel(id);
    this.transfers.delete(id);
    t.release();
  }

  private newTransfer(peerId: string, direction: "send" | "receive", files: FileMeta[], id: string = randomId()) {
    const t = new Transfer(id, peerId, this.peers.get(peerId)?.name ?? "peer", direction, files, (view) => this.emit("transfer", view));
    this.transfers.set(id, t);
    t.publish();
    return t;
  }

  private failTransfer(t: Transfer, reason: string) {
    if (t.finished) return;
    this.links.get(t.view.peerId)?.send({ type: "failed", id: t.id, reason });
    t.end("failed", reason);
  }

  private onServerMessage(msg: ServerMessage) {
    switch (msg.type) {
      case "welcome":
        this.self = msg.self;
        this.iceServers = msg.iceServers;
        this.peers = new Map(msg.peers.map((p) => [p.id, p]));
        // Ids are per connection: links to peers of an earlier connection cannot be signaled any more.
        for (const [id, link] of this.links) if (!this.peers.has(id)) link.close("the peer is gone");
        this.emit("self", msg.self);
        this.publishPeers();
        return;
      case "peer-joined":
        this.peers.set(msg.peer.id, msg.peer);
        this.publishPeers();
        return;
      case "peer-left": {
        const name = this.peers.get(msg.id)?.name ?? "The peer";
        this.peers.delete(msg.id);
        this.links.get(msg.id)?.close(`${name} left`);
        for (const t of this.transfers.values()) if (t.view.peerId === msg.id && !t.finished) t.end("failed", `${name} left`);
        this.publishPeers();
        return;
      }
      case "peer-updated":
        if (msg.peer.id === this.self?.id) {
          this.self = msg.peer;
          this.emit("self", msg.peer);
        } else if (this.peers.has(msg.peer.id)) {
          this.peers.set(msg.peer.id, msg.peer);
          this.publishPeers();
        }
        return;
      case "signal": {
        if (!this.peers.has(msg.from)) return;
        let link = this.links.get(msg.from);
        // A fresh offer on a dead link means the peer started over: so do we.
        if (!link || (link.isClosed && msg.data.kind === "description" && msg.data.description.type === "offer")) link = this.createLink(msg.from);
        link.handleSignal(msg.data);
        return;
      }
      case "ice-servers":
        this.iceServers = msg.iceServers;
        for (const link of this.links.values()) {
          link.pc.setConfiguration({ ...link.pc.getConfiguration(), iceServers: msg.iceServers });
          // A relay refuses refreshes once a credential expires: move relayed links to fresh allocations now.
          if (link.route === "relay") link.pc.restartIce();
        }
        return;
      case "error":
        console.warn(`ferry: server refused a message: ${msg.code}: ${msg.message}`);
        return;
      default:
        msg satisfies never;
    }
  }

  private publishPeers() {
    this.emit(
      "peers",
      [...this.peers.values()].map((p) => ({ ...p, route: this.links.get(p.id)?.route ?? "idle" })),
    );
  }

  /** The open link to a peer, creating and connecting one when needed. */
  private async withLink(peerId: string): Promise<PeerLink> {
    if (!this.peers.has(peerId)) throw new Error("the peer is not here any more");
    let link = this.links.get(peerId);
    if (!link || link.isClosed) link = this.createLink(peerId);
    await link.whenOpen();
    return link;
  }

  private createLink(peerId: string): PeerLink {
    this.links.get(peerId)?.close("replaced");
    const polite = (this.self?.id ?? "") < peerId;
    const link = new PeerLink(peerId, polite, this.iceServers, (data) => this.signaling.send({ type: "signal", to: peerId, data }));
    this.links.set(peerId, link);
    link.on("route", () => this.publishPeers());
    link.on("message", (m) => this.onPeerMessage(peerId, m));
    link.on("binary", (b) => this.activeIncoming.get(peerId)?.incoming?.bytes(b));
    link.on("closed", (reason) => {
      const name = this.peers.get(peerId)?.name ?? "the peer";
      const why = link.everOpened ? `Connection to ${name} lost: ${reason}` : `Could not connect to ${name}: no network path found`;
      for (const t of this.transfers.values()) if (t.view.peerId === peerId && !t.finished) t.end("failed", why);
      if (!link.everOpened) this.emit("notice", { peerId, message: `Could not connect to ${name}` });
      this.publishPeers();
    });
    return link;
  }

  private onPeerMessage(peerId: string, m: PeerMessage) {
    const t = this.transfers.get(m.id);
    // A message may only touch a transfer with the peer that sent it.
    if (t && t.view.peerId !== peerId) return;
    switch (m.type) {
      case "offer":
        if (!t) this.newTransfer(peerId, "receive", m.files, m.id);
        return;
      case "path":
        this.links.get(peerId)?.setPeerRelayed(m.relayed);
        return;
      case "text":
        this.emit("text", { id: m.id, peerId, peerName: this.peers.get(peerId)?.name ?? "peer", direction: "receive", text: m.text, at: Date.now() });
        return;
      case "accept":
        if (t?.view.direction === "send" && t.view.state === "offered") this.startSending(t);
        return;
      case "decline":
        if (t?.view.direction === "send" && t.view.state === "offered") t.end("declined", `${t.view.peerName} declined`);
        return;
      case "cancel":
        if (t && !t.finished) t.end("cancelled", `${t.view.peerName} cancelled`);
        return;
      case "failed":
        if (t && !t.finished) t.end("failed", `${t.view.peerName}: ${m.reason}`);
        return;
      case "received":
        if (t?.view.direction === "send" && t.view.state === "active") t.end("done", null);
        return;
      case "file-start":
        if (t?.incoming && !t.finished) {
          this.activeIncoming.set(peerId, t);
          t.incoming.start(m.index);
        }
        return;
      case "file-end":
        if (t?.incoming && !t.finished) {
          t.incoming.end(m.index, m.sha256);
          if (m.index === t.view.files.length - 1) void this.finishIncoming(peerId, t);
        }
        return;
      default:
        m satisfies never;
    }
  }

  private async finishIncoming(peerId: string, t: Transfer) {
    await t.incoming!.settled();
    if (this.activeIncoming.get(peerId) === t) this.activeIncoming.delete(peerId);
    if (t.finished) return;
    this.links.get(peerId)?.send({ type: "received", id: t.id });
    t.end("done", null);
  }

  private startSending(t: Transfer) {
    t.setState("active");
    const peerId = t.view.peerId;
    const run = async () => {
      if (t.finished) return;
      const link = this.links.get(peerId);
      if (!link || link.isClosed) return t.end("failed", `Connection to ${t.view.peerName} lost`);
      try {
        await streamFiles(link, t.id, t.outgoing!, (sent) => t.setBytes(sent), () => (t.finished ? t.view.reason ?? "stopped" : null));
        t.setBytes(t.view.totalBytes);
      } catch (err) {
        if (!(err instanceof CancelledError) && !t.finished) t.end("failed", `Sending failed: ${(err as Error).message}`);
      }
    };
    const queued = (this.sendQueues.get(peerId) ?? Promise.resolve()).then(run);
    this.sendQueues.set(peerId, queued);
  }
}
