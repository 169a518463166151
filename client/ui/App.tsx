// The whole page: header, peers, the activity feed, the "Send to…" bar for what is pasted or dropped, and the
// layers on top (incoming offers, composer, toasts, pairing and rooms).
import { Show, createEffect, createSignal, onCleanup, onMount } from "solid-js";
import { isFinished, type PeerView } from "../engine/types";
import { t } from "../i18n";
import type { FerryStore } from "../state/store";
import { Activity } from "./Activity";
import { DeviceLayers } from "./DeviceLayers";
import { DiagnosticsPanel } from "./Diagnostics";
import { percent } from "./format";
import { announceWhileHidden } from "./announce";
import { Header } from "./Header";
import { IncomingPrompts } from "./IncomingPrompt";
import { InsecureNotice } from "./InsecureNotice";
import { catchPasteAndDrop } from "./page-input";
import { PeerGrid } from "./PeerGrid";
import { SendToBar } from "./SendToBar";
import { takeShared } from "./shared-inbox";
import type { Shared } from "./shared-items";
import { TextComposer } from "./TextComposer";
import { Toasts } from "./Toasts";
import { holdWakeLockWhile } from "./wake-lock";
import { saveAutoSavedWhenDone } from "./auto-save";

export function App(props: { store: FerryStore }) {
  const state = props.store.state;
  const [composeTo, setComposeTo] = createSignal<{ id: string; name: string } | null>(null);
  const [shared, setShared] = createSignal<Shared | null>(null);
  const sendShared = (what: Shared, peerId: string) => {
    if (what.kind === "files") props.store.sendFiles([peerId], what.selection);
    else props.store.sendText(peerId, what.text);
  };
  const [roomOpen, setRoomOpen] = createSignal(false);
  const [diagnosticsOpen, setDiagnosticsOpen] = createSignal(false);

  const offers = () => state.transfers.filter((t) => t.direction === "receive" && t.state === "offered" && !t.autoSave);
  const listed = () => state.transfers.filter((t) => !(t.direction === "receive" && t.state === "offered"));
  const running = () => state.transfers.some((t) => t.state === "active");
  // An offer, a running or a paused transfer needs this page awake.
  holdWakeLockWhile(() => state.transfers.some((t) => !isFinished(t.state)));
  saveAutoSavedWhenDone(() => state.transfers);
  const progressWith = (peerId: string) => {
    const t = state.transfers.find((x) => x.peerId === peerId && x.state === "active");
    return t ? percent(t.bytesDone, t.totalBytes) : null;
  };
  const peerDevice = (peerId: string) => state.peers.find((p) => p.id === peerId)?.device ?? "";

  announceWhileHidden(state);

  createEffect(() => {
    const waiting = offers().length;
    document.title = waiting > 0 ? `(${waiting}) ${t().appName}` : t().appName;
  });

  onMount(() => {
    const warnOnLeave = (e: BeforeUnloadEvent) => {
      if (!running()) return;
      e.preventDefault();
      e.returnValue = t().leaveWarning;
    };
    window.addEventListener("beforeunload", warnOnLeave);
    onCleanup(catchPasteAndDrop(setShared));
    takeShared().then(
      (what) => what && setShared(what),
      (err) => console.warn("ferry: what was shared could not be read", err),
    );
    onCleanup(() => window.removeEventListener("beforeunload", warnOnLeave));
  });

  return (
    <>
      <Header self={state.self} status={state.status} room={state.room} onRename={props.store.rename} onPair={props.store.openPairing} onRoom={() => setRoomOpen(true)} />
      <InsecureNotice />
      <main class="main">
        <Show when={shared()} keyed>
          {(what) => <SendToBar shared={what} peers={state.peers} onSend={(peerId) => sendShared(what, peerId)} onClose={() => setShared(null)} />}
        </Show>
        <PeerGrid
          peers={state.peers}
          progressWith={progressWith}
          onSendFiles={props.store.sendFiles}
          onComposeText={(peer: PeerView) => setComposeTo({ id: peer.id, name: peer.name })}
          onUnpair={props.store.unpair}
          onAutoSave={props.store.setAutoSave}
          onDiagnostics={() => setDiagnosticsOpen(true)}
        />
        <Activity
          transfers={listed()}
          texts={state.texts}
          onCancel={props.store.cancel}
          onRepick={props.store.repick}
          onRetry={props.store.retry}
          reachable={(id) => state.peers.some((p) => p.id === id && !p.refused)}
          onDismissTransfer={props.store.dismissTransfer}
          onDismissText={props.store.dismissText}
          onClearFinished={props.store.clearFinished}
        />
      </main>
      <IncomingPrompts offers={offers()} peerDevice={peerDevice} storage={state.storage} onAccept={props.store.accept} onDecline={props.store.decline} />
      <Show when={composeTo()}>
        {(to) => (
          <TextComposer
            peerName={to().name}
            onSend={(text) => props.store.sendText(to().id, text)}
            onClose={() => setComposeTo(null)}
          />
        )}
      </Show>
      <Toasts notices={state.notices} onDismiss={props.store.dismissNotice} />
      <div class="drop-hint" aria-hidden="true">
        <span>{t().sendTo.dropHint}</span>
      </div>
      <Show when={diagnosticsOpen()}>
        <DiagnosticsPanel state={state} onPair={props.store.openPairing} onRoom={() => setRoomOpen(true)} onClose={() => setDiagnosticsOpen(false)} />
      </Show>
      <DeviceLayers store={props.store} roomOpen={roomOpen()} onRoomClose={() => setRoomOpen(false)} />
    </>
  );
}
