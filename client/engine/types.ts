// What the transfer engine shows the outside world. The Solid store is its one subscriber;
// nothing here knows of Solid or the DOM.
import type { PeerInfo } from "../../src/protocol";

/** How this device reaches a peer right now. */
export type PeerRoute = "idle" | "connecting" | "direct" | "relay" | "failed";

export interface PeerView extends PeerInfo {
  route: PeerRoute;
}

export interface FileMeta {
  name: string;
  size: number;
  type: string;
}

/**
 * offered   – receive: waiting for my accept/decline; send: waiting for the peer to answer
 * active    – bytes are moving
 * done      – every file arrived and matched its hash
 * declined  – the receiver said no
 * cancelled – either side stopped it
 * failed    – the connection dropped, the peer left, or a hash did not match
 */
export type TransferState = "offered" | "active" | "done" | "declined" | "cancelled" | "failed";

export interface ReceivedFile extends FileMeta {
  /** An object URL of exactly the received bytes, ready for `<a download>`. */
  url: string;
}

export interface TransferView {
  id: string;
  peerId: string;
  peerName: string;
  direction: "send" | "receive";
  files: FileMeta[];
  totalBytes: number;
  bytesDone: number;
  state: TransferState;
  /** Why it ended, for declined, cancelled and failed; a sentence for people. */
  reason: string | null;
  bytesPerSecond: number;
  /** null while unknown */
  secondsLeft: number | null;
  /** Files received so far, in order (receive only). */
  received: ReceivedFile[];
  createdAt: number;
  /** When bytes started to move, and when the transfer ended (ms since the epoch); null until then. */
  startedAt: number | null;
  finishedAt: number | null;
}

export interface TextMessage {
  id: string;
  peerId: string;
  peerName: string;
  direction: "send" | "receive";
  text: string;
  at: number;
}

export type SignalingStatus = "connecting" | "online" | "offline";

export interface EngineEvents {
  status: SignalingStatus;
  self: PeerInfo;
  /** The full list of peers in my room, after any change. */
  peers: PeerView[];
  /** One transfer changed; a fresh snapshot. Throttled to a few per second while active. */
  transfer: TransferView;
  text: TextMessage;
  /** Something worth telling the person that belongs to no transfer, e.g. "Could not connect to Amber Otter". */
  notice: { peerId: string | null; message: string };
}

export interface Engine {
  on<K extends keyof EngineEvents>(event: K, listener: (value: EngineEvents[K]) => void): () => void;
  start(): void;
  stop(): void;
  /** Offer files to a peer; returns the transfer id. */
  sendFiles(peerId: string, files: File[]): string;
  sendText(peerId: string, text: string): void;
  accept(transferId: string): void;
  decline(transferId: string): void;
  cancel(transferId: string): void;
  rename(name: string): void;
  /** Forget a finished transfer and release its object URLs and stored bytes. */
  dismiss(transferId: string): void;
}
