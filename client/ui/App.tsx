// The whole page: header, peers, the activity feed, and the layers on top (incoming offers, composer, toasts).
import { Show, createEffect, createSignal, onCleanup, onMount } from "solid-js";
import type { PeerView } from "../engine/types";
import { en } from "../i18n/en";
import type { FerryStore } from "../state/store";
import { Activity } from "./Activity";
import { percent } from "./format";
import { askToNotify, notifyIfHidden } from "./notify";
import { Header } from "./Header";
import { IncomingPrompts } from "./IncomingPrompt";
import { InsecureNotice } from "./InsecureNotice";
import { PeerGrid } from "./PeerGrid";
import { TextComposer } from "./TextComposer";
import { Toasts } from "./Toasts";

export function App(props: { store: FerryStore }) {
  const state = props.store.state;
  const [composeTo, setComposeTo] = createSignal<{ id: string; name: string } | null>(null);

  const offers = () => state.transfers.filter((t) => t.direction === "receive" && t.state === "offered");
  const listed = () => state.transfers.filter((t) => !(t.direction === "receive" && t.state === "offered"));
  const running = () => state.transfers.some((t) => t.state === "active");
  const progressWith = (peerId: string) => {
    const t = state.transfers.find((x) => x.peerId === peerId && x.state === "active");
    return t ? percent(t.bytesDone, t.totalBytes) : null;
  };
  const peerDevice = (peerId: string) => state.peers.find((p) => p.id === peerId)?.device ?? "";

  // Tell a person in another tab about new offers and texts; each id is announced once.
  const announced = new Set<string>();
  createEffect(() => {
    for (const offer of offers()) {
      if (announced.has(offer.id)) continue;
      announced.add(offer.id);
      notifyIfHidden(en.notify.offer(offer.peerName), offer.files.map((f) => f.name).join(", "), offer.id);
    }
    for (const text of state.texts) {
      if (text.direction !== "receive" || announced.has(text.id)) continue;
      announced.add(text.id);
      notifyIfHidden(en.notify.text(text.peerName), text.text, text.id);
    }
  });

  createEffect(() => {
    const waiting = offers().length;
    document.title = waiting > 0 ? `(${waiting}) ${en.appName}` : en.appName;
  });

  onMount(() => {
    // A file dropped beside a tile would make the browser navigate away to it; swallow those drops.
    const swallow = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    };
    const warnOnLeave = (e: BeforeUnloadEvent) => {
      if (!running()) return;
      e.preventDefault();
      e.returnValue = en.leaveWarning;
    };
    window.addEventListener("dragover", swallow);
    window.addEventListener("drop", swallow);
    window.addEventListener("beforeunload", warnOnLeave);
    onCleanup(() => {
      window.removeEventListener("dragover", swallow);
      window.removeEventListener("drop", swallow);
      window.removeEventListener("beforeunload", warnOnLeave);
    });
  });

  return (
    <>
      <Header self={state.self} status={state.status} onRename={props.store.rename} />
      <InsecureNotice />
      <main class="main">
        <PeerGrid
          peers={state.peers}
          progressWith={progressWith}
          onSendFiles={props.store.sendFiles}
          onComposeText={(peer: PeerView) => setComposeTo({ id: peer.id, name: peer.name })}
        />
        <Activity
          transfers={listed()}
          texts={state.texts}
          onCancel={props.store.cancel}
          onDismissTransfer={props.store.dismissTransfer}
          onDismissText={props.store.dismissText}
          onClearFinished={props.store.clearFinished}
        />
      </main>
      <IncomingPrompts offers={offers()} peerDevice={peerDevice} onAccept={(id) => {
          askToNotify();
          props.store.accept(id);
        }} onDecline={props.store.decline} />
      <Show when={composeTo()}>
        {(to) => (
          <TextComposer
            peerName={to().name}
            onSend={(text) => {
              askToNotify();
              props.store.sendText(to().id, text);
            }}
            onClose={() => setComposeTo(null)}
          />
        )}
      </Show>
      <Toasts notices={state.notices} onDismiss={props.store.dismissNotice} />
    </>
  );
}
