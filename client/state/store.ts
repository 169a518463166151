// The UI's state: a Solid store whose one input is the engine's events.
// Components read `state` and call the actions here; nothing else writes to the store.
import { createStore, reconcile } from "solid-js/store";
import type { PeerInfo } from "../../src/protocol";
import type { SaveTarget } from "../engine/save-target";
import type { ConnectionFacts } from "../engine/diagnostics";
import { isFinished, type Engine, type IdentityView, type Notice as EngineNotice, type PairedDevice, type PairingView, type PeerView, type Selection, type SignalingStatus, type TextMessage, type TransferView } from "../engine/types";

/** An engine notice with an id, so each toast can be dismissed on its own. */
export interface Notice {
  id: number;
  notice: EngineNotice;
}

export interface FerryState {
  status: SignalingStatus;
  self: PeerInfo | null;
  peers: PeerView[];
  /** Oldest first, keyed by id. */
  transfers: TransferView[];
  /** Oldest first. */
  texts: TextMessage[];
  notices: Notice[];
  identity: IdentityView | null;
  /** The pairing dialog; null when closed. */
  pairing: PairingView | null;
  paired: PairedDevice[];
  room: string | null;
  /** Where received files go on this page (sinks.ts): in memory only when plain HTTP has no storage either. */
  storage: "disk" | "memory";
  connection: ConnectionFacts;
}

/** What the pairing and room dialogs, the tiles and the "open in another tab" notice ask of the engine. */
type DeviceActions = Pick<Engine, "useHere" | "openPairing" | "joinPairing" | "confirmPairing" | "closePairing" | "unpair" | "setAutoSave" | "createRoom" | "joinRoom" | "leaveRoom">;

export interface FerryStore extends DeviceActions {
  state: FerryState;
  /** Offer the same files to each of these peers. */
  sendFiles(peerIds: string[], selection: Selection): void;
  sendText(peerId: string, text: string): void;
  accept(transferId: string, target?: SaveTarget): void;
  decline(transferId: string): void;
  cancel(transferId: string): void;
  /** Offer a failed send's files to the same device again; the failed one goes from the list. */
  retry(transferId: string): void;
  /** The files of a paused send picked again after this page reloaded. */
  repick(transferId: string, files: File[]): void;
  dismissTransfer(transferId: string): void;
  dismissText(textId: string): void;
  dismissNotice(noticeId: number): void;
  /** Dismiss every transfer that is over and every text. */
  clearFinished(): void;
  rename(name: string): void;
}

export function createFerryStore(engine: Engine): FerryStore {
  const [state, setState] = createStore<FerryState>({
    status: "connecting",
    self: null,
    peers: [],
    transfers: [],
    texts: [],
    notices: [],
    identity: null,
    pairing: null,
    paired: [],
    room: null,
    storage: "disk",
    connection: { network: null, relay: false, lastAttempt: null },
  });
  let nextNoticeId = 1;

  engine.on("status", (status) => setState("status", status));
  engine.on("self", (self) => setState("self", reconcile(self)));
  engine.on("peers", (peers) => setState("peers", reconcile(peers, { key: "id" })));
  engine.on("transfer", (transfer) => {
    const i = state.transfers.findIndex((t) => t.id === transfer.id);
    // reconcile keeps the row's identity, so <For> updates the progress bar instead of rebuilding the row.
    if (i >= 0) setState("transfers", i, reconcile(transfer));
    else setState("transfers", state.transfers.length, transfer);
  });
  engine.on("text", (text) => {
    if (state.texts.some((t) => t.id === text.id)) return;
    setState("texts", state.texts.length, text);
  });
  engine.on("storage", (where) => setState("storage", where));
  engine.on("notice", (notice) => setState("notices", state.notices.length, { id: nextNoticeId++, notice }));
  engine.on("identity", (identity) => setState("identity", identity));
  engine.on("pairing", (pairing) => setState("pairing", reconcile(pairing)));
  engine.on("paired", (paired) => setState("paired", reconcile(paired, { key: "id" })));
  engine.on("room", (room) => setState("room", room));
  engine.on("connection", (facts) => setState("connection", reconcile(facts)));

  return {
    state,
    useHere: () => engine.useHere(),
    openPairing: () => engine.openPairing(),
    joinPairing: (code) => engine.joinPairing(code),
    confirmPairing: () => engine.confirmPairing(),
    closePairing: () => engine.closePairing(),
    unpair: (id) => engine.unpair(id),
    setAutoSave: (id, on) => engine.setAutoSave(id, on),
    createRoom: () => engine.createRoom(),
    joinRoom: (code) => engine.joinRoom(code),
    leaveRoom: () => engine.leaveRoom(),
    sendFiles: (peerIds, selection) => {
      if (selection.files.length > 0 && peerIds.length > 0) engine.sendFiles(peerIds, selection);
    },
    sendText: (peerId, text) => {
      if (text.trim().length > 0) engine.sendText(peerId, text);
    },
    accept: (id, target) => engine.accept(id, target),
    decline: (id) => engine.decline(id),
    cancel: (id) => engine.cancel(id),
    repick: (id, files) => engine.repick(id, files),
    retry: (id) => {
      engine.retry(id);
      setState("transfers", (ts) => ts.filter((t) => t.id !== id));
    },
    dismissTransfer: (id) => {
      engine.dismiss(id);
      setState("transfers", (ts) => ts.filter((t) => t.id !== id));
    },
    dismissText: (id) => setState("texts", (ts) => ts.filter((t) => t.id !== id)),
    dismissNotice: (id) => setState("notices", (ns) => ns.filter((n) => n.id !== id)),
    clearFinished: () => {
      for (const t of state.transfers) if (isFinished(t.state)) engine.dismiss(t.id);
      setState("transfers", (ts) => ts.filter((t) => !isFinished(t.state)));
      setState("texts", []);
    },
    rename: (name) => {
      const clean = name.trim();
      if (clean.length > 0 && clean !== state.self?.name) engine.rename(clean);
    },
  };
}
