// The layers about this device: the pairing and room dialogs, "open in another tab", the one-visit identity
// notice, and the links that pair or join a room when opened (/#pair=…, /#room=…).
import { Show, createEffect, onCleanup, onMount } from "solid-js";
import { t } from "../i18n";
import type { FerryStore } from "../state/store";
import { readHashLink } from "./hash-links";
import { PairDialog } from "./PairDialog";
import { ReplacedNotice } from "./ReplacedNotice";
import { RoomDialog } from "./RoomDialog";

export function DeviceLayers(props: { store: FerryStore; roomOpen: boolean; onRoomClose: () => void }) {
  const state = props.store.state;

  // Opened with such a link, or given one in this tab (pasted into the address bar).
  const follow = () => {
    const link = readHashLink(location.hash);
    if (link?.kind === "pair") props.store.joinPairing(link.code);
    if (link?.kind === "room" && link.code !== state.room) props.store.joinRoom(link.code);
    // A pairing code is used once: do not leave it in the address bar or history.
    if (link?.kind === "pair") history.replaceState(null, "", location.pathname + location.search);
  };
  onMount(() => {
    follow();
    window.addEventListener("hashchange", follow);
    onCleanup(() => window.removeEventListener("hashchange", follow));
  });

  // The room I am in stays in the address, so a reload comes back to it and the address can be shared.
  createEffect(() => {
    const hash = state.room ? `#room=${state.room}` : "";
    if (state.status === "online" && location.hash !== hash) history.replaceState(null, "", location.pathname + location.search + hash);
  });

  return (
    <>
      <Show when={state.identity && !state.identity.lasting}>
        <aside class="insecure" data-testid="ephemeral-notice">
          <p class="insecure__line">{t().ephemeral}</p>
        </aside>
      </Show>
      <Show when={state.pairing}>
        {(view) => (
          <PairDialog
            view={view()}
            paired={state.paired}
            onJoin={props.store.joinPairing}
            onConfirm={props.store.confirmPairing}
            onUnpair={props.store.unpair}
            onClose={props.store.closePairing}
          />
        )}
      </Show>
      <Show when={props.roomOpen}>
        <RoomDialog room={state.room} onCreate={props.store.createRoom} onJoin={props.store.joinRoom} onLeave={props.store.leaveRoom} onClose={props.onRoomClose} />
      </Show>
      <Show when={state.status === "replaced"}>
        <ReplacedNotice onUseHere={props.store.useHere} />
      </Show>
    </>
  );
}
