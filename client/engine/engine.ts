// The engine facade: this device (its key, name and pairings), peers from signaling, one PeerLink per peer,
// transfers and texts over it, and the pairing dialog and temporary room beside them.
import type { IceServer, PeerInfo, ServerMessage } from "../../src/protocol";
import { Emitter } from "./emitter";
import { randomId } from "./random-id";
import { SignalingClient } from "./signaling-client";
import { LinkClosedError, type LinkEnd, type PeerLink } from "./peer-link";
import { Links } from "./links";
import { MAX_FILES_PER_OFFER, MAX_TEXT_LENGTH, type BusyWhat, type PeerMessage, type ResumeRequest } from "./peer-protocol";
import { Transfer } from "./transfer";
import { CancelledError, FROM_START, streamFiles } from "./outgoing";
import { Pauses } from "./pauses";
import { checkResume, type ResumePoint } from "./resume";
import { blockCount, fileDigest, sha256Digest, toHex } from "./block-digest";
import { fileEnds, SentRecords } from "./sent-records";
import { blockDigests, findSameFiles } from "./repick";
import { openIdbKeyValue } from "./identity/idb";
import { MemoryKeyValue } from "./identity/kv";
import { IncomingFiles, type ReceiveCheckpoint } from "./incoming";
import { OfferAssembly, offerMessages } from "./offer-parts";
import { PeerQuotas } from "./peer-quotas";
import { isRefusal, safeSegments, safeTree } from "./safe-path";
import { Slots } from "./slots";
import type { Pairings } from "./identity/pairings";
import { Profile } from "./identity/profile";
import { DeviceControls } from "./device-controls";
import { isFinished, type EndReason, type Engine, type EngineEvents, type FileFault, type FileMeta, type ProofFailure, type Selection } from "./types";
import { makeFolders, targetName, type SaveTarget } from "./save-target";
import { hasOpfs, receiveStorage } from "./storage";
import { forget, keep, keptReceives, type KeptReceive } from "./kept";
import { ConnectionFactsTracker, offersRelay } from "./connection-facts";

/** Sent texts remembered for their refusals: more than any peer's burst. */
const MAX_TEXTS_REMEMBERED = 100;
/**
 * File streams sent at once, over all peers: a send to ten devices reads, hashes and queues three files at a
 * time, not ten. One peer's streams run one after another anyway (its binary frames belong to one file).
 */
const MAX_STREAMS = 3;
/** How often a receive into OPFS records its checkpoint: a reload re-fetches at most about this much. */
const KEEP_EVERY_MS = 1_000;
/** How long a broken link's offers wait for signaling to say the peer's page went (it closes its socket at once). */
const PAGE_CLOSED_WORD_MS = 1500;

/** `relay`: whether this page was offered a relay, which a failed path tried too. */
const linkEndReason = (end: LinkEnd, relay: boolean): EndReason =>
  end === "no-path" ? { code: "no-path", relay } : end === "lost" ? { code: "link-lost" } : end === "refused" ? { code: "peer-refused" } : { code: "peer-left" };

/** A send the peer may still answer: its offer is on its way or shown there. */
const isAnswerable = (t: Transfer) => t.view.state === "connecting" || t.view.state === "offered";

export function createEngine(opts: { wsUrl: string }): Engine {
  return new FerryEngine(opts.wsUrl);
}

class FerryEngine extends Emitter<EngineEvents> implements Engine {
  private signaling: SignalingClient;
  private profile: Promise<Profile>;
  /** Pairing, rooms and the challenge; there once the profile is read (signaling starts after it). */
  private device: DeviceControls | null = null;
  /** The profile's pairings once read (signaling, and so every peer, starts after that). */
  private pairings: Pairings | null = null;
  /** Peers whose last channel proof failed, and why: nothing goes to them or comes from them. */
  private refusals = new Map<string, ProofFailure>();
  private self: PeerInfo | null = null;
  /** Peers signaling lists now. */
  private peers = new Map<string, PeerInfo>();
  /** The last word on every peer seen: one whose link is open stays shown when signaling stops listing it. */
  private known = new Map<string, PeerInfo>();
  private links: Links;
  private iceServers: IceServer[] = [];
  private transfers = new Map<string, Transfer>();
  /** Outgoing streams run one at a time per peer: binary frames on the channel belong to one file. */
  private sendQueues = new Map<string, Promise<void>>();
  /** The transfer whose bytes currently arrive from each peer. */
  private activeIncoming = new Map<string, Transfer>();
  /** Offers whose lists are still arriving in parts, by transfer id. */
  private assembling = new Map<string, { peerId: string; offer: OfferAssembly }>();
  /** What each peer may make this page hold or show (offers waiting, texts a second). */
  private quotas = new PeerQuotas();
  /** Ids of the texts sent lately, so that a `busy` refusal is believed only for one of them. */
  private sentTexts = new Set<string>();
  private streams = new Slots(MAX_STREAMS);
  private facts = new ConnectionFactsTracker((f) => this.emit("connection", f));
  private pauses = new Pauses((id) => this.transfers.get(id)?.end("failed", { code: "expired" }));
  private digest = sha256Digest();
  /** What a reload of this page needs to resume its sends, and the ids of those it has written. */
  private sent = openIdbKeyValue().then((kv) => new SentRecords(kv ?? new MemoryKeyValue()));
  private recorded = new Set<string>();
  /** Since the socket to the server closed, until it is welcomed again. */
  private signalingDown: { restart: boolean } | null = null;

  constructor(wsUrl: string) {
    super();
    this.signaling = new SignalingClient(wsUrl);
    this.signaling.on("status", (s) => this.onStatus(s));
    this.signaling.on("message", (m) => this.onServerMessage(m));
    this.signaling.on("dropped", ({ restart }) => this.serverLost(restart));
    this.profile = Profile.open();
    this.links = new Links({
      selfId: () => this.self?.id ?? "",
      iceServers: () => this.iceServers,
      wanted: () => [...this.transfers.values()].filter((t) => t.view.state === "paused").map((t) => t.view.peerId),
      listed: (peerId) => this.peers.has(peerId),
      signal: (to, data) => this.signaling.send({ type: "signal", to, data }),
      auth: (peerId) => this.profile.then((p) => p.linkAuth(this.self?.id ?? "", peerId)),
    });
    this.links.on("verified", ({ peerId, link }) => {
      this.refusals.delete(peerId);
      this.publishPeers();
      // A new link: paused transfers with this peer go on. The receiver says where; the sender asks it to.
      for (const t of this.transfers.values())
        if (t.view.peerId === peerId && t.view.state === "paused") {
          if (t.view.direction === "receive") void this.resumeReceiving(t, link);
          else link.send({ type: "resume-ask", id: t.id });
        }
    });
    this.links.on("refused", ({ peerId, why }) => {
      console.warn(`ferry: ${peerId} failed its channel proof (${why}); nothing is sent to it or taken from it`);
      this.refusals.set(peerId, why);
    });
    this.links.on("route", () => this.publishPeers());
    this.links.on("message", ({ peerId, m }) => this.onPeerMessage(peerId, m));
    this.links.on("binary", ({ peerId, b }) => this.activeIncoming.get(peerId)?.incoming?.bytes(b));
    this.links.on("closed", ({ peerId, end }) => this.linkClosed(peerId, end));
    this.links.on("created", (link) => this.facts.watch(link, this.known.get(link.peerId)?.name ?? ""));
    // Bytes stop while ICE looks for the path again: say paused at once, and active again if the same link recovers.
    this.links.on("stalled", ({ peerId, stalled }) => {
      for (const t of this.transfers.values()) {
        if (t.view.peerId !== peerId) continue;
        if (stalled && t.view.state === "active") this.pause(t, true);
        else if (!stalled && t.stalled && t.view.state === "paused") (t.stalled = false), t.setState("active");
      }
    });
  }

  start() {
    // Transfers a reload interrupted are back (paused) before any link can ask about them.
    const restored = this.restoreKept().catch((err) => console.warn("ferry: could not restore paused transfers", err));
    void Promise.all([this.profile, restored]).then(([p]) => {
      this.pairings = p.pairings;
      this.emit("identity", { id: p.key.id, lasting: p.key.lasting, keyKind: p.key.kind });
      this.device = new DeviceControls(
        { send: (m) => this.signaling.send(m), emit: (event, value) => this.emit(event, value), changed: () => this.publishPeers(), unpaired: (id) => this.links.close(id), link: (id) => this.withLink(id) },
        p,
      );
      this.publishPeers();
      this.signaling.start();
    });
    void receiveStorage().then((where) => this.emit("storage", where));
  }

  wake() {
    this.signaling.wake();
    this.links.reconnect();
  }

  useHere() {
    this.signaling.start();
  }

  stop() {
    this.signaling.stop();
    this.dropLinks();
  }

  rename(name: string) {
    void this.profile.then((p) => p.setName(name));
    this.signaling.send({ type: "rename", name });
  }

  openPairing() {
    this.device?.openPairing();
  }

  joinPairing(code: string) {
    this.device?.joinPairing(code);
  }

  confirmPairing() {
    this.device?.confirmPairing();
  }

  closePairing() {
    this.device?.closePairing();
  }

  unpair(deviceId: string) {
    void this.device?.unpair(deviceId);
  }

  createRoom() {
    this.device?.createRoom();
  }

  joinRoom(code: string) {
    this.device?.joinRoom(code);
  }

  leaveRoom() {
    this.device?.leaveRoom();
  }

  /** Another tab of this browser has the device now: its peers move there, so this page lets go of them. */
  private onStatus(status: EngineEvents["status"]) {
    this.emit("status", status);
    this.device?.setOnline(status === "online");
    if (status !== "replaced") return;
    this.dropLinks();
    this.peers.clear();
    this.publishPeers();
  }

  private dropLinks() {
    this.links.closeAll();
  }

  sendFiles(peerIds: string[], selection: Selection): string[] {
    if (selection.files.length > MAX_FILES_PER_OFFER) {
      this.emit("notice", { code: "too-many-files", max: MAX_FILES_PER_OFFER });
      return [];
    }
    const files = selection.files.map(({ file }) => file);
    const metas = selection.files.map(({ file, path }) => ({ name: path, size: file.size, type: file.type }));
    // Each recipient gets its own transfer: its own offer, answer, progress and failure.
    return peerIds.map((peerId) => {
      const t = this.newTransfer(peerId, "send", metas, randomId(), { dirs: selection.dirs, renamed: 0 });
      t.outgoing = files;
      // Connecting until the peer says the offer is shown (offer-shown); without the server no link can be made.
      if (this.signalingDown && !this.links.isOpen(peerId)) t.end("failed", { code: "server-lost", restart: this.signalingDown.restart });
      else
        void this.withLink(peerId)
          .then((link) => {
            for (const m of offerMessages(t.id, metas, selection.dirs, link.maxMessageBytes)) link.send(m);
          })
          .catch((err: Error) => t.end("failed", this.linkFailure(err)));
      return t.id;
    });
  }

  sendText(peerId: string, text: string) {
    if (!text || text.length > MAX_TEXT_LENGTH) {
      this.emit("notice", { code: "text-too-long", peerId, max: MAX_TEXT_LENGTH });
      return;
    }
    const id = randomId();
    const peerName = this.known.get(peerId)?.name ?? "";
    void this.withLink(peerId)
      .then((link) => {
        link.send({ type: "text", id, text });
        this.sentTexts.add(id);
        if (this.sentTexts.size > MAX_TEXTS_REMEMBERED) this.sentTexts.delete(this.sentTexts.values().next().value!);
        this.emit("text", { id, peerId, peerName, direction: "send", text, at: Date.now() });
      })
      .catch((err: Error) => {
        console.info("ferry: text not sent", err);
        this.emit("notice", { code: "text-failed", peerId, peerName });
      });
  }

  async accept(id: string, target?: SaveTarget) {
    const t = this.transfers.get(id);
    if (!t || t.view.direction !== "receive" || t.view.state !== "offered" || t.incoming) return;
    t.incoming = this.incomingFor(t, null, target ?? null);
    if (target) {
      t.view.savedTo = targetName(target);
      try {
        await makeFolders(target, t.view.dirs);
      } catch (err) {
        return this.failTransfer(t, "storage", 0, String(err));
      }
    }
    const link = this.links.get(t.view.peerId);
    if (!link || link.isClosed) return t.end("failed", { code: "link-lost" });
    if (t.finished) return;
    t.setState("active");
    link.send({ type: "accept", id });
    if (!target && hasOpfs()) {
      t.kept = true;
      void this.keepCheckpoint(t, { file: 0, bytes: 0, digests: new Uint8Array(0) });
      this.keepResumable(t);
    }
  }

  private incomingFor(t: Transfer, from: ReceiveCheckpoint | null, target: SaveTarget | null) {
    return new IncomingFiles(
      t.id,
      t.view.files,
      (n) => t.addBytes(n),
      (file) => t.addReceived(file),
      (fault, index, detail) => this.failTransfer(t, fault, index, detail),
      from,
      target,
    );
  }

  /** Receive side into OPFS: keep its resume record current, so that a reload goes on from the last checkpoint. */
  private keepResumable(t: Transfer) {
    let saving = false;
    const timer = setInterval(async () => {
      if (t.finished) return clearInterval(timer);
      if (saving || t.view.state !== "active" || !t.incoming) return;
      saving = true;
      try {
        await this.keepCheckpoint(t, await t.incoming.checkpoint());
      } finally {
        saving = false;
      }
    }, KEEP_EVERY_MS);
  }

  private async keepCheckpoint(t: Transfer, at: ReceiveCheckpoint) {
    if (t.finished) return;
    const { id, peerId, peerName, files, dirs, renamed } = t.view;
    await keep({ id, peerId, peerName, files, dirs, renamed, at, savedAt: Date.now() });
    // It may have ended while the record was written: the end's forget came first.
    if (t.finished) await forget(id);
  }

  /** Paused receives an earlier page of this origin kept in OPFS (it was reloaded or closed mid-transfer). */
  private async restoreKept() {
    if (!hasOpfs()) return;
    for (const r of await keptReceives()) {
      if (this.transfers.has(r.id)) continue;
      const t = this.restoredTransfer(r);
      await t.incoming!.continueAfterReload();
      if (!t.finished) this.keepResumable(t);
    }
  }

  private restoredTransfer(r: KeptReceive): Transfer {
    const t = this.newTransfer(r.peerId, "receive", r.files, r.id, { dirs: r.dirs, renamed: r.renamed });
    t.view.peerName ||= r.peerName;
    t.incoming = this.incomingFor(t, r.at, null);
    t.view.bytesDone = r.files.slice(0, r.at.file).reduce((sum, f) => sum + f.size, 0) + r.at.bytes;
    this.pause(t);
    // After the pause (its record is already as it should be), before anything can end it: an end forgets it.
    t.kept = true;
    return t;
  }

  retry(id: string) {
    const t = this.transfers.get(id);
    if (!t?.view.retryable || !t.outgoing) return;
    const selection = { files: t.outgoing.map((file, i) => ({ file, path: t.view.files[i]!.name })), dirs: t.view.dirs };
    this.dismiss(id);
    this.sendFiles([t.view.peerId], selection);
  }

  decline(id: string) {
    const t = this.transfers.get(id);
    if (!t || t.view.direction !== "receive" || t.view.state !== "offered") return;
    this.links.get(t.view.peerId)?.send({ type: "decline", id });
    t.end("declined", { code: "declined", by: "me" });
  }

  cancel(id: string) {
    const t = this.transfers.get(id);
    if (!t || t.finished) return;
    this.links.get(t.view.peerId)?.send({ type: "cancel", id });
    t.end("cancelled", { code: "cancelled", by: "me" });
  }

  dismiss(id: string) {
    const t = this.transfers.get(id);
    if (!t) return;
    if (!t.finished) this.cancel(id);
    this.transfers.delete(id);
    t.release();
  }

  private newTransfer(peerId: string, direction: "send" | "receive", files: FileMeta[], id: string, tree?: { dirs: string[]; renamed: number }, autoSave = false) {
    const t = new Transfer(id, peerId, this.known.get(peerId)?.name ?? "", direction, files, (view) => {
      if (view.state !== "paused") this.pauses.resumed(view.id);
      if (isFinished(view.state) && this.recorded.delete(view.id)) void this.sent.then((s) => s.remove(view.id));
      // Once, for a receive that kept a resume record: an end is published more than once.
      if (isFinished(view.state) && t.kept) (t.kept = false), void forget(view.id);
      this.emit("transfer", view);
    }, tree);
    t.view.autoSave = autoSave;
    if (direction === "send") t.view.state = "connecting";
    this.transfers.set(id, t);
    t.publish();
    return t;
  }

  private failTransfer(t: Transfer, fault: FileFault, index: number, detail?: string) {
    if (t.finished) return;
    this.links.get(t.view.peerId)?.send({ type: "failed", id: t.id, fault, index });
    t.end("failed", { code: "file-fault", fault, by: "me", file: t.view.files[index]?.name, detail });
  }

  private onServerMessage(msg: ServerMessage) {
    switch (msg.type) {
      case "challenge":
      case "pair-code":
      case "pair-start":
      case "pair-cancelled":
      case "paired":
      case "unpaired":
      case "room":
      case "error":
        this.device?.onServer(msg);
        return;
      case "welcome":
        this.signalingDown = null;
        this.self = msg.self;
        this.iceServers = msg.iceServers;
        this.facts.welcome(msg.network, msg.iceServers);
        this.peers = new Map(msg.peers.map((p) => [p.id, p]));
        for (const p of msg.peers) this.known.set(p.id, p);
        // Ids are devices: links outlive a signaling reconnect. One still connecting to a peer not listed goes;
        // an open one goes on (its peer may not have reconnected yet) and ends only when it closes itself.
        for (const link of [...this.links.all()]) if (!this.peers.has(link.peerId)) this.links.closeUnopened(link.peerId);
        this.device?.setRoom(msg.room);
        this.links.reconnect();
        this.emit("self", msg.self);
        this.publishPeers();
        return;
      case "peer-joined":
        this.peers.set(msg.peer.id, msg.peer);
        this.known.set(msg.peer.id, msg.peer);
        this.publishPeers();
        this.links.reconnect();
        return;
      case "peer-left": {
        // Its socket to the server closed: a page that went away closes its link too, and the link's end
        // decides the transfers. An open link goes on (the peer may only have lost the server).
        this.peers.delete(msg.id);
        // Paused transfers wait for it to come back (a reload, a locked phone).
        if (!this.links.isOpen(msg.id)) {
          this.links.closeUnopened(msg.id);
          for (const t of this.transfers.values()) if (t.view.peerId === msg.id && (t.view.state === "offered" || t.view.state === "connecting")) t.end("failed", { code: "peer-left" });
          this.forgetOffersFrom(msg.id);
        }
        this.publishPeers();
        return;
      }
      case "peer-updated":
        if (msg.peer.id === this.self?.id) {
          this.self = msg.peer;
          this.emit("self", msg.peer);
        } else if (this.peers.has(msg.peer.id)) {
          this.peers.set(msg.peer.id, msg.peer);
          this.known.set(msg.peer.id, msg.peer);
          void this.profile.then((p) => p.pairings.rename(msg.peer.id, msg.peer.name));
          this.publishPeers();
        }
        return;
      case "signal": {
        if (!this.peers.has(msg.from)) return;
        this.links.onSignal(msg.from, msg.data);
        return;
      }
      case "ice-servers":
        this.iceServers = msg.iceServers;
        this.links.setIceServers(msg.iceServers);
        this.facts.iceServers(msg.iceServers);
        return;
      default:
        msg satisfies never;
    }
  }

  private publishPeers() {
    void this.profile.then(({ pairings }) => {
      this.emit(
        "peers",
        this.visiblePeers().map((p) => {
          const link = this.links.get(p.id);
          return { ...p, route: link?.route ?? "idle", paired: pairings.get(p.id) !== undefined, autoSave: pairings.get(p.id)?.autoSave === true, verifyCode: link?.verified?.verifyCode ?? null, refused: this.refusals.get(p.id) ?? null };
        }),
      );
      this.emit("paired", pairings.list().map((p) => ({ id: p.id, name: p.name, device: p.device })));
    });
  }

  /** Listed by signaling, or reached over a link that is still open. */
  private visiblePeers(): PeerInfo[] {
    const shown = new Map(this.peers);
    for (const link of this.links.all()) {
      const p = this.known.get(link.peerId);
      if (p && !shown.has(p.id) && this.links.isOpen(p.id)) shown.set(p.id, p);
    }
    return [...shown.values()];
  }

  private isVisible(peerId: string) {
    return this.peers.has(peerId) || this.links.isOpen(peerId);
  }

  /** The open link to a peer, creating and connecting one when needed. */
  private async withLink(peerId: string): Promise<PeerLink> {
    if (!this.isVisible(peerId)) throw new LinkClosedError("local");
    return this.links.open(peerId);
  }

  private linkFailure(err: Error): EndReason {
    return err instanceof LinkClosedError ? linkEndReason(err.end, offersRelay(this.iceServers)) : { code: "send-failed", detail: err.message };
  }

  /**
   * The socket to the server closed: an offer whose link is not open yet cannot reach its peer without it, so it
   * fails now, saying why, instead of when its connection attempt times out. Open links and their transfers go on.
   */
  private serverLost(restart: boolean) {
    this.signalingDown = { restart };
    for (const t of this.transfers.values())
      if (t.view.state === "connecting" && !this.links.isOpen(t.view.peerId)) {
        t.end("failed", { code: "server-lost", restart });
        this.links.closeUnopened(t.view.peerId);
      }
  }

  /** A link ended: transfers under way pause (unless the peer was refused), offers fail. */
  private linkClosed(peerId: string, end: LinkEnd) {
    const why = linkEndReason(end, offersRelay(this.iceServers));
    let waiting = false;
    for (const t of this.transfers.values()) {
      if (t.view.peerId !== peerId || t.finished) continue;
      if (end !== "refused" && (t.view.state === "active" || t.view.state === "paused")) waiting = this.pause(t);
      // A link that broke under an offer most often means the peer's page was closed, which signaling says a
      // moment later (peer-left): wait for that word before naming the cause.
      else if (end === "lost") setTimeout(() => t.end("failed", this.peers.has(peerId) ? why : { code: "peer-left" }), PAGE_CLOSED_WORD_MS);
      else t.end("failed", why);
    }
    this.forgetOffersFrom(peerId);
    this.quotas.forget(peerId);
    // A reconnect attempt for a paused transfer that finds no path yet is no news.
    if (end === "no-path" && !waiting) this.emit("notice", { code: "no-path", peerId, peerName: this.known.get(peerId)?.name ?? "" });
    this.publishPeers();
    this.links.reconnect();
  }

  /** `stalled`: its link may still recover, so its bytes still count; else the link is gone and it waits for a resume. */
  private pause(t: Transfer, stalled = false): true {
    t.stalled = stalled;
    if (!stalled && this.activeIncoming.get(t.view.peerId) === t) this.activeIncoming.delete(t.view.peerId);
    if (t.view.state !== "paused") {
      t.setState("paused");
      // May expire it at once (over the cap on partial data): then it has failed by now.
      const until = this.pauses.pause(t.id, t.view.direction === "receive" ? t.view.bytesDone : 0);
      if (!t.finished) (t.view.expiresAt = until), t.publish();
      // Where it stopped, for a reload while it waits.
      if (t.kept && t.incoming && !t.finished) void t.incoming.checkpoint().then((at) => this.keepCheckpoint(t, at));
    }
    return true;
  }

  /** Receive side, on a new link: go back to what is stored and verified here, and ask the sender for the rest. */
  private async resumeReceiving(t: Transfer, link: PeerLink) {
    if (t.resumedOn === link || !t.incoming) return;
    t.resumedOn = link;
    const at = await t.incoming.checkpoint();
    const sha256 = toHex(await fileDigest(await this.digest, at.digests));
    if (t.view.state !== "paused" || link.isClosed) return;
    t.incoming.restart(at);
    if (t.kept) void this.keepCheckpoint(t, at);
    t.view.bytesDone = t.view.files.slice(0, at.file).reduce((sum, f) => sum + f.size, 0) + at.bytes;
    // While the sender's person picks the files again it stays paused; their `file-start` resumes it.
    if (t.view.repick === "peer") t.publish();
    else t.setState("active");
    link.send({ type: "resume", id: t.id, index: at.file, offset: at.bytes, sha256 });
  }

  /**
   * Send side: a receiver's `resume`, continued from its checkpoint when that is a place in these files. Files
   * not picked again yet after a reload of this page: the receiver waits, and the pick answers it.
   */
  private async resumeSending(t: Transfer, m: ResumeRequest) {
    if (!t.outgoing) return this.awaitPick(t, m);
    const sizes = t.view.files.map((f) => f.size);
    const at = await checkResume(m, sizes, t.sentDigests, await this.digest);
    if (t.view.state !== "paused") return;
    // Files picked again whose first part is not what the receiver holds: not the same files after all.
    if ("fault" in at && at.fault === "checkpoint" && t.recorded) {
      t.outgoing = null;
      return this.awaitPick(t, m, "not-same");
    }
    if ("fault" in at) {
      this.links.get(t.view.peerId)?.send({ type: "failed", id: t.id, fault: at.fault, index: m.index });
      return t.end("failed", { code: "file-fault", fault: at.fault, by: "me", file: t.view.files[m.index]?.name });
    }
    this.startSending(t, at);
  }

  private awaitPick(t: Transfer, m: ResumeRequest, repick: "pick" | "not-same" = t.view.repick === "not-same" ? "not-same" : "pick") {
    t.resumeAsked = m;
    t.view.repick = repick;
    t.publish();
    this.links.get(t.view.peerId)?.send({ type: "resume-wait", id: t.id });
  }

  /** A `resume` for a transfer this page does not hold: one it was sending before a reload, if it kept a record. */
  private async restoreSend(peerId: string, m: ResumeRequest) {
    const record = await (await this.sent).get(m.id);
    if (this.transfers.has(m.id)) return;
    if (!record || record.peerId !== peerId) return this.links.get(peerId)?.send({ type: "cancel", id: m.id });
    const files = record.files.map(({ name, size, type }) => ({ name, size, type }));
    const t = this.newTransfer(peerId, "send", files, m.id, { dirs: record.dirs, renamed: 0 });
    this.recorded.add(t.id);
    t.recorded = record.files;
    this.pause(t);
    this.awaitPick(t, m);
  }

  async repick(id: string, picked: File[]) {
    const t = this.transfers.get(id);
    const asked = t?.resumeAsked;
    if (!t?.recorded || !asked || t.view.state !== "paused" || t.outgoing || t.view.repick === "checking") return;
    t.view.repick = "checking";
    t.publish();
    const digest = await this.digest;
    const files = await findSameFiles(t.recorded, picked, asked.index, digest);
    if (files) t.sentDigests[asked.index] = await blockDigests(files[asked.index]!, blockCount(asked.offset), digest);
    if (t.view.state !== "paused") return;
    if (!files) return this.awaitPick(t, t.resumeAsked!, "not-same");
    t.outgoing = files;
    t.view.repick = null;
    t.publish();
    // On the link the receiver asked on; a new link asks again (resume-ask), with these files there.
    if (this.links.isOpen(t.view.peerId)) void this.resumeSending(t, t.resumeAsked!);
  }

  private onPeerMessage(peerId: string, m: PeerMessage) {
    const t = this.transfers.get(m.id);
    // A message may only touch a transfer with the peer that sent it.
    if (t && t.view.peerId !== peerId) return;
    switch (m.type) {
      case "offer": {
        if (t || this.assembling.has(m.id)) return;
        if (!this.quotas.mayOffer(this.offersWaitingFrom(peerId))) return this.refuse(peerId, m.id, "offers");
        const offer = new OfferAssembly(m);
        if (offer.complete) this.offered(peerId, m.id, offer);
        else this.assembling.set(m.id, { peerId, offer });
        return;
      }
      case "offer-part": {
        const pending = this.assembling.get(m.id);
        if (!pending || pending.peerId !== peerId) return;
        if (!pending.offer.add(m)) {
          this.assembling.delete(m.id);
          this.links.get(peerId)?.send({ type: "failed", id: m.id, fault: "protocol", index: 0 });
        } else if (pending.offer.complete) {
          this.assembling.delete(m.id);
          this.offered(peerId, m.id, pending.offer);
        }
        return;
      }
      case "path":
        this.links.get(peerId)?.setPeerRelayed(m.relayed);
        return;
      case "proof":
        // Taken by the link's proof gate; a second one means nothing.
        return;
      case "busy":
        if (m.what === "offers" && t?.view.direction === "send" && isAnswerable(t)) t.end("failed", { code: "peer-busy" });
        // Only for a text of mine: a peer's made-up refusals show nothing.
        if (m.what === "texts" && this.sentTexts.delete(m.id)) this.emit("notice", { code: "text-refused", peerId, peerName: this.known.get(peerId)?.name ?? "" });
        return;
      case "text":
        if (!this.quotas.mayText(peerId)) return this.refuse(peerId, m.id, "texts");
        this.emit("text", { id: m.id, peerId, peerName: this.known.get(peerId)?.name ?? "", direction: "receive", text: m.text, at: Date.now() });
        return;
      case "offer-shown":
        if (t?.view.direction === "send" && t.view.state === "connecting") t.setState("offered");
        return;
      case "accept":
        if (t?.view.direction === "send" && isAnswerable(t)) this.startSending(t, FROM_START);
        return;
      case "decline":
        if (t?.view.direction === "send" && isAnswerable(t)) t.end("declined", { code: "declined", by: "peer" });
        return;
      case "cancel":
        if (t && !t.finished) t.end("cancelled", { code: "cancelled", by: "peer" });
        return;
      case "failed":
        if (t && !t.finished) t.end("failed", { code: "file-fault", fault: m.fault, by: "peer", file: t.view.files[m.index]?.name });
        return;
      case "received":
        if (t?.view.direction === "send" && (t.view.state === "active" || t.view.state === "paused")) t.end("done", null);
        return;
      case "resume":
        // Not here: sent before this page reloaded, or forgotten. Given up here (cancelled, failed): say so, and
        // the receiver drops its part.
        if (!t) void this.restoreSend(peerId, m);
        else if (t.finished && t.view.state !== "done") this.links.get(peerId)?.send({ type: "cancel", id: m.id });
        else if (t.view.direction === "send" && t.view.state === "paused") void this.resumeSending(t, m);
        return;
      case "resume-ask": {
        const link = this.links.get(peerId);
        if (t?.view.state === "done") link?.send({ type: "received", id: m.id });
        else if (!t || t.finished) link?.send({ type: "cancel", id: m.id });
        else if (t.view.direction === "receive" && t.view.state === "paused" && link) void this.resumeReceiving(t, link);
        return;
      }
      case "resume-wait":
        if (t?.view.direction === "receive" && !t.finished) {
          this.pause(t);
          t.view.repick = "peer";
          t.publish();
        }
        return;
      case "file-start":
        if (t?.incoming && !t.finished) {
          // The sender's files were picked again: bytes follow.
          if (t.view.state === "paused" && t.view.repick === "peer") t.setState("active");
          this.activeIncoming.set(peerId, t);
          t.incoming.start(m.index, m.offset);
        }
        return;
      case "blocks":
        if (t?.incoming && !t.finished) t.incoming.blocks(m.index, m.first, m.sha256);
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

  /** Refuse offer or text `id` unseen, with a word to its sender; a link that keeps earning refusals is closed. */
  private refuse(peerId: string, id: string, what: BusyWhat) {
    this.links.get(peerId)?.send({ type: "busy", id, what });
    if (this.quotas.refused(peerId)) {
      console.info("ferry: closing the link to a flooding peer", peerId);
      this.links.close(peerId);
    }
  }

  /** Offers from `peerId` that wait for this person's answer, or for the rest of their lists. */
  private offersWaitingFrom(peerId: string): number {
    let n = 0;
    for (const t of this.transfers.values()) if (t.view.peerId === peerId && t.view.direction === "receive" && t.view.state === "offered") n++;
    for (const a of this.assembling.values()) if (a.peerId === peerId) n++;
    return n;
  }

  private forgetOffersFrom(peerId: string) {
    for (const [id, a] of this.assembling) if (a.peerId === peerId) this.assembling.delete(id);
  }

  /** A whole offer has arrived: show it with its paths made safe, or refuse it when a path cannot be. */
  private offered(peerId: string, id: string, offer: OfferAssembly) {
    const tree = safeTree(
      offer.files.map((f) => f.name),
      offer.dirs,
    );
    if (isRefusal(tree)) {
      // Shown so the person knows what was refused, with each name cleaned (not the whole tree: it was refused).
      const shown = offer.files.map((f) => ({ ...f, name: safeSegments(f.name).join("/") || "unnamed" }));
      const t = this.newTransfer(peerId, "receive", shown, id);
      const index = tree.kind === "file" ? tree.index : offer.files.length + tree.index;
      return this.failTransfer(t, "unsafe-path", index);
    }
    const files = offer.files.map((f, i) => ({ ...f, name: tree.files[i]! }));
    // Messages reach here only once the peer's channel proof held, and a paired peer's proof shows its pinned key.
    const autoSave = this.pairings?.get(peerId)?.autoSave === true;
    this.newTransfer(peerId, "receive", files, id, { dirs: tree.dirs, renamed: tree.renamed }, autoSave);
    this.links.get(peerId)?.send({ type: "offer-shown", id });
    if (autoSave) void this.accept(id);
  }

  /** Let a paired device's files be accepted and saved without asking, or stop it. */
  async setAutoSave(peerId: string, on: boolean) {
    await (await this.profile).pairings.setAutoSave(peerId, on);
    this.publishPeers();
  }

  private async finishIncoming(peerId: string, t: Transfer) {
    await t.incoming!.settled();
    if (this.activeIncoming.get(peerId) === t) this.activeIncoming.delete(peerId);
    if (t.finished) return;
    this.links.get(peerId)?.send({ type: "received", id: t.id });
    t.end("done", null);
  }

  /** Keep what a reload of this page needs to resume this send (sent-records.ts). */
  private async recordSend(t: Transfer) {
    const digest = await this.digest;
    const files = [];
    for (const [i, file] of t.outgoing!.entries()) files.push({ ...t.view.files[i]!, lastModified: file.lastModified, ...(await fileEnds(file, digest)) });
    const records = await this.sent;
    if (t.finished) return;
    this.recorded.add(t.id);
    void records.put({ id: t.id, peerId: t.view.peerId, files, dirs: t.view.dirs, savedAt: Date.now() });
  }

  private startSending(t: Transfer, from: ResumePoint) {
    if (from === FROM_START) void this.recordSend(t);
    t.setState("active");
    const peerId = t.view.peerId;
    const run = async () => {
      if (t.finished) return;
      const link = this.links.get(peerId);
      if (!link || link.isClosed) return t.end("failed", { code: "link-lost" });
      try {
        await streamFiles(link, t.id, t.outgoing!, from, t.sentDigests, (sent) => t.setBytes(sent), () => t.finished);
        t.setBytes(t.view.totalBytes);
      } catch (err) {
        if (err instanceof CancelledError || t.finished) return;
        // The link went (its close event may come a moment later): wait for a new one and the receiver's resume.
        if (err instanceof LinkClosedError && err.end !== "refused") return void this.pause(t);
        t.end("failed", { code: "send-failed", detail: (err as Error).message });
      }
    };
    // In this peer's queue, then in one of the engine's stream slots.
    const queued = (this.sendQueues.get(peerId) ?? Promise.resolve()).then(() => this.streams.run(run));
    this.sendQueues.set(peerId, queued);
  }
}
