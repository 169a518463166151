// This device's side business beside transfers: answering the server's challenge, the pairing dialog,
// pairings ended by the other end, and the temporary room. The engine hands it the server messages about
// these and the requests people make; requests made before the server welcomed this device wait for it.
import { normalizeRoomCode } from "../../src/codes";
import type { ClientMessage, ServerMessage } from "../../src/protocol";
import type { Profile } from "./identity/profile";
import { PairingDialog } from "./pairing-dialog";
import type { PeerLink } from "./peer-link";
import type { EngineEvents } from "./types";

export type DeviceMessage = Extract<ServerMessage, { type: "challenge" | "pair-code" | "pair-start" | "pair-cancelled" | "paired" | "unpaired" | "room" | "error" }>;

export interface DeviceHost {
  send(msg: ClientMessage): void;
  emit<K extends "notice" | "pairing" | "room">(event: K, value: EngineEvents[K]): void;
  /** The pairings changed: show peers and the paired list again. */
  changed(): void;
  /** A pairing ended, here or there: the link to that device ends too (links outlive signaling, not trust). */
  unpaired(peerId: string): void;
  link(peerId: string): Promise<PeerLink>;
}

export class DeviceControls {
  private pairing: PairingDialog;
  room: string | null = null;
  private online = false;
  private waiting: (() => void)[] = [];

  constructor(
    private host: DeviceHost,
    private profile: Profile,
  ) {
    this.pairing = new PairingDialog({ send: (m) => host.send(m), link: (id) => host.link(id), pairings: profile.pairings, show: (view) => host.emit("pairing", view), changed: () => host.changed() });
  }

  setOnline(online: boolean) {
    this.online = online;
    if (online) for (const request of this.waiting.splice(0)) request();
  }

  private whenOnline(request: () => void) {
    if (this.online) request();
    else this.waiting.push(request);
  }

  openPairing() {
    this.whenOnline(() => this.pairing.open());
  }

  joinPairing(code: string) {
    this.whenOnline(() => this.pairing.join(code));
  }

  confirmPairing() {
    this.pairing.confirm();
  }

  closePairing() {
    this.pairing.close();
  }

  async unpair(deviceId: string) {
    await this.profile.pairings.remove(deviceId, true);
    this.host.send({ type: "unpair", id: deviceId });
    this.host.unpaired(deviceId);
    this.host.changed();
  }

  createRoom() {
    this.whenOnline(() => this.host.send({ type: "room-create" }));
  }

  joinRoom(input: string) {
    const code = normalizeRoomCode(input);
    if (!code) return this.host.emit("notice", { code: "room-code-invalid" });
    this.whenOnline(() => this.host.send({ type: "room-join", code }));
  }

  leaveRoom() {
    this.host.send({ type: "room-leave" });
  }

  setRoom(code: string | null) {
    this.room = code;
    this.host.emit("room", code);
  }

  onServer(msg: DeviceMessage) {
    switch (msg.type) {
      case "challenge":
        void this.profile
          .hello(msg.challenge, this.room)
          .then((hello) => this.host.send(hello))
          .catch((err: Error) => console.error("ferry: could not answer the server's challenge", err));
        return;
      case "pair-code":
      case "pair-start":
      case "pair-cancelled":
      case "paired":
        return this.pairing.onServer(msg);
      case "unpaired": {
        const name = this.profile.pairings.get(msg.id)?.name;
        void this.profile.pairings.remove(msg.id, false).then(() => {
          if (name !== undefined) this.host.emit("notice", { code: "unpaired-by-peer", peerName: name });
          this.host.unpaired(msg.id);
          this.host.changed();
        });
        return;
      }
      case "room":
        return this.setRoom(msg.code);
      case "error":
        console.warn(`ferry: server refused a message: ${msg.code}: ${msg.message}`);
        if (msg.code === "pair-code-invalid") this.pairing.refused("code-invalid");
        else if (msg.code === "too-many-guesses" && this.pairing.joining) this.pairing.refused("too-many-guesses");
        else if (msg.code === "too-many-guesses") this.host.emit("notice", { code: "room-too-many-guesses" });
        else if (msg.code === "room-code-invalid" || msg.code === "room-full") this.host.emit("notice", { code: msg.code });
        return;
      default:
        msg satisfies never;
    }
  }
}
