// What the transfer engine shows the outside world. The Solid store is its one subscriber;
// nothing here knows of Solid or the DOM.
import type { PeerInfo } from "../../src/protocol";
import type { SaveTarget } from "./save-target";
import type { ConnectionFacts } from "./diagnostics";

/** How this device reaches a peer right now. */
export type PeerRoute = "idle" | "connecting" | "direct" | "relay" | "failed";

/** Why a peer's channel proof was refused (identity/channel-proof.ts). */
export type ProofFailure = "wrong-device" | "bad-signature" | "not-pinned-key" | "no-proof";

export interface PeerView extends PeerInfo {
  route: PeerRoute;
  /** This browser keeps a pairing with it (and pins its key). */
  paired: boolean;
  /** Paired, and its files are accepted and saved without asking. */
  autoSave: boolean;
  /** The code both screens show once the channel proof holds; null before. */
  verifyCode: string | null;
  /** Its last channel proof failed: nothing is sent to it or taken from it. */
  refused: ProofFailure | null;
}

/** This device as its key makes it. */
export interface IdentityView {
  id: string;
  /** false: storage is off (private mode), so this identity and its pairings end with the visit. */
  lasting: boolean;
  /** "webcrypto": a non-extractable key; "noble": key bytes in IndexedDB (plain-http pages lack WebCrypto). */
  keyKind: "webcrypto" | "noble";
}

export type PairError = "code-invalid" | "too-many-guesses";

/** The pairing dialog, as the engine sees it. */
export type PairingView =
  /** My code for another device to enter (null while it is on its way, or when I entered one), or an error. */
  | { stage: "code"; code: string | null; expiresAt: number | null; error: PairError | null }
  /** A device entered my code or I entered its: connecting and checking its proof. */
  | { stage: "verifying"; peer: PeerInfo }
  /** Its proof holds: compare the code on both screens, then confirm. */
  | { stage: "confirm"; peer: PeerInfo; verifyCode: string; confirmed: boolean }
  | { stage: "done"; peer: PeerInfo }
  | { stage: "failed"; peer: PeerInfo; reason: "cancelled" | "no-path" | "refused" };

export interface PairedDevice {
  id: string;
  name: string;
  device: string;
}

export interface FileMeta {
  /** The file's path relative to what was sent, `/`-separated: just its name when sent alone. */
  name: string;
  size: number;
  type: string;
}

/** What a person chose to send: files with their relative paths (see FileMeta.name), and empty folders. */
export interface Selection {
  files: { file: File; path: string }[];
  dirs: string[];
}

/**
 * connecting – send: the offer is on its way (a link to the peer is being made); the peer does not have it yet
 * offered   – receive: waiting for my accept/decline; send: the peer has it, waiting for its answer
 * active    – bytes are moving
 * paused    – the link broke mid-way: waiting for both devices to be back, then it resumes by itself
 * done      – every file arrived and matched its hash
 * declined  – the receiver said no
 * cancelled – either side stopped it
 * failed    – the connection dropped, the peer left, or a hash did not match
 */
export type TransferState = "connecting" | "offered" | "active" | "paused" | "done" | "declined" | "cancelled" | "failed";

/** A finished transfer never changes state again; every other state still needs this page. */
export const isFinished = (state: TransferState): boolean => state === "done" || state === "declined" || state === "cancelled" || state === "failed";

/** What went wrong with a file on the receiving end; sent to the sender as a code too (peer `failed`). */
export type FileFault = "protocol" | "storage" | "too-large" | "incomplete" | "corrupted" | "unsafe-path" | "checkpoint";
export const FILE_FAULTS: readonly FileFault[] = ["protocol", "storage", "too-large", "incomplete", "corrupted", "unsafe-path", "checkpoint"];

/**
 * Why a transfer ended other than done, as a code with parameters; the UI turns it into words (client/i18n).
 * `by` says which end decided or detected it. `detail` is a browser's own error text, shown as-is when present.
 */
export type EndReason =
  | { code: "declined"; by: "me" | "peer" }
  | { code: "cancelled"; by: "me" | "peer" }
  /** No connection to the peer could be made at all; `relay`: a relay was offered to this page (and failed too). */
  | { code: "no-path"; relay: boolean }
  /** The signaling server went away before the peer had the offer; `restart`: it said it was restarting. */
  | { code: "server-lost"; restart: boolean }
  /** The connection to the peer closed mid-way. */
  | { code: "link-lost" }
  /** Signaling says the peer's page went away (it was closed or reloaded). */
  | { code: "peer-left" }
  /** The peer failed its channel proof: it is not the device it claims to be (or not the one paired). */
  | { code: "peer-refused" }
  /** Paused longer than a paused transfer is kept (pauses.ts); its partial data is gone. */
  | { code: "expired" }
  /** The peer refused the offer unseen: too many of mine already wait for its answer (peer-quotas.ts). */
  | { code: "peer-busy" }
  /** Reading or sending the local file failed. */
  | { code: "send-failed"; detail?: string }
  | { code: "file-fault"; fault: FileFault; by: "me" | "peer"; file?: string; detail?: string };

/** Things worth telling the person that belong to no transfer. */
export type Notice =
  | { code: "unpaired-by-peer"; peerName: string }
  | { code: "room-code-invalid" }
  | { code: "room-full" }
  | { code: "room-too-many-guesses" }
  | { code: "text-too-long"; peerId: string; max: number }
  | { code: "too-many-files"; max: number }
  | { code: "text-failed"; peerId: string; peerName: string }
  /** The peer refused a text unseen: mine came too fast (peer-quotas.ts). */
  | { code: "text-refused"; peerId: string; peerName: string }
  | { code: "no-path"; peerId: string; peerName: string };

/**
 * After a reload of the sending page, its files must be picked again. Send side: "pick" (asked), "checking"
 * (picked, being compared with the record), "not-same" (the picked files are not the ones being sent: still
 * asked); receive side: "peer" (the sender's person is asked to pick them).
 */
export type Repick = "pick" | "checking" | "not-same" | "peer";

export interface ReceivedFile extends FileMeta {
  /** Exactly the received bytes, kept on disk where the browser allows it. */
  blob: Blob;
  /** An object URL of `blob`, ready for `<a download>`. */
  url: string;
}

export interface TransferView {
  id: string;
  peerId: string;
  peerName: string;
  direction: "send" | "receive";
  /** Receive side: paths already made safe (safe-path.ts). The same array in every snapshot: it never changes. */
  files: FileMeta[];
  /** Empty folders that come along. */
  dirs: string[];
  /** How many offered paths the receiver changed to keep them safe or distinct. */
  renamed: number;
  /** Accepted without asking (a paired device the person trusts with auto-save): the UI saves it when done. */
  autoSave: boolean;
  /** The folder or file the person chose to receive into (File System Access); null: saved from the page. */
  savedTo: string | null;
  totalBytes: number;
  bytesDone: number;
  state: TransferState;
  /** Why it ended, for declined, cancelled and failed. */
  reason: EndReason | null;
  bytesPerSecond: number;
  /** null while unknown */
  secondsLeft: number | null;
  /** Files received so far, in order (receive only). */
  received: ReceivedFile[];
  /** While paused: when it expires and its partial data goes (ms since the epoch). */
  expiresAt: number | null;
  /** Failed, and offering the same files to the same device again can work (Engine.retry). */
  retryable: boolean;
  /** While paused after the sending page reloaded: where picking its files again stands; null otherwise. */
  repick: Repick | null;
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

/** replaced: this device connected from another tab, which now has its peers; this one waits for "use here". */
export type SignalingStatus = "connecting" | "online" | "offline" | "replaced";

export interface EngineEvents {
  status: SignalingStatus;
  self: PeerInfo;
  /** The full list of peers in my room, after any change. */
  peers: PeerView[];
  /** One transfer changed; a fresh snapshot. Throttled to a few per second while active. */
  transfer: TransferView;
  text: TextMessage;
  /** Something worth telling the person that belongs to no transfer, e.g. that a peer could not be reached. */
  notice: Notice;
  identity: IdentityView;
  /** The pairing dialog's state; null when closed. */
  pairing: PairingView | null;
  /** Every device this browser is paired with, online or not. */
  paired: PairedDevice[];
  /** The temporary room I am in, or null. */
  room: string | null;
  /** Where received files will be kept on this page: on disk, or in memory (plain HTTP with storage off). */
  storage: "disk" | "memory";
  /** The network, relay and newest connection attempt, for "Can't see your device?". */
  connection: ConnectionFacts;
}

export interface Engine {
  on<K extends keyof EngineEvents>(event: K, listener: (value: EngineEvents[K]) => void): () => void;
  start(): void;
  stop(): void;
  /** The page came back from the background or the network returned: reconnect at once. */
  wake(): void;
  /** Offer the same files to each of these peers, a transfer each; returns their ids. */
  sendFiles(peerIds: string[], selection: Selection): string[];
  sendText(peerId: string, text: string): void;
  /** Accept an offer; with a target the files are written there as they arrive. */
  accept(transferId: string, target?: SaveTarget): void;
  decline(transferId: string): void;
  cancel(transferId: string): void;
  /** After a reload of this sending page: these are the paused transfer's files again, resume if they are the same. */
  repick(transferId: string, files: File[]): void;
  /** Offer a failed send's files to the same device again, as a new transfer (this one is dismissed). */
  retry(transferId: string): void;
  rename(name: string): void;
  /** Forget a finished transfer and release its object URLs and stored bytes. */
  dismiss(transferId: string): void;
  /** This page was replaced by another tab: take the device back here (that tab then waits). */
  useHere(): void;
  /** Open the pairing dialog: ask for a code to show. */
  openPairing(): void;
  /** Pair with the device showing this code (typed, or from a pairing link); opens the dialog when closed. */
  joinPairing(code: string): void;
  confirmPairing(): void;
  /** Close the dialog, calling off a pairing that is not done. */
  closePairing(): void;
  unpair(deviceId: string): void;
  /** Accept and save a paired device's files without asking (or ask again). */
  setAutoSave(deviceId: string, on: boolean): Promise<void>;
  createRoom(): void;
  joinRoom(code: string): void;
  leaveRoom(): void;
}
