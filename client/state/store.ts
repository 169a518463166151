// The UI's state: a Solid store whose one input is the engine's events.
// Components read `state` and call the actions here; nothing else writes to the store.
import { createStore, reconcile } from "solid-js/store";
import type { PeerInfo } from "../../src/protocol";
import type { Engine, PeerView, SignalingStatus, TextMessage, TransferView } from "../engine/types";

export interface Notice {
  id: number;
  peerId: string | null;
  message: string;
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
}

export interface FerryStore {
  state: FerryState;
  sendFiles(peerId: string, files: File[]): void;
  sendText(peerId: string, text: string): void;
  accept(transferId: string): void;
  decline(transferId: string): void;
  cancel(transferId: string): void;
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
  engine.on("notice", (notice) =>
    setState("notices", state.notices.length, { id: nextNoticeId++, peerId: notice.peerId, message: notice.message }),
  );

  return {
    state,
    sendFiles: (peerId, files) => {
      if (files.length > 0) engine.sendFiles(peerId, files);
    },
    sendText: (peerId, text) => {
      if (text.trim().length > 0) engine.sendText(peerId, text);
    },
    accept: (id) => engine.accept(id),
    decline: (id) => engine.decline(id),
    cancel: (id) => engine.cancel(id),
    dismissTransfer: (id) => {
      engine.dismiss(id);
      setState("transfers", (ts) => ts.filter((t) => t.id !== id));
    },
    dismissText: (id) => setState("texts", (ts) => ts.filter((t) => t.id !== id)),
    dismissNotice: (id) => setState("notices", (ns) => ns.filter((n) => n.id !== id)),
    clearFinished: () => {
      for (const t of state.transfers) if (t.state !== "offered" && t.state !== "active") engine.dismiss(t.id);
      setState("transfers", (ts) => ts.filter((t) => t.state === "offered" || t.state === "active"));
      setState("texts", []);
    },
    rename: (name) => {
      const clean = name.trim();
      if (clean.length > 0 && clean !== state.self?.name) engine.rename(clean);
    },
  };
}
