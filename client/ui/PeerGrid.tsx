// Every peer in my room as a tile, or an explanation of how to bring one here.
import { For, Show, createSignal } from "solid-js";
import type { PeerView, Selection } from "../engine/types";
import { t } from "../i18n";
import { AddDeviceTile } from "./AddDeviceTile";
import { EmptyState } from "./EmptyState";
import { PeerTile } from "./PeerTile";
import { SendToMany } from "./SendToMany";

export function PeerGrid(props: {
  peers: PeerView[];
  /** Percent of the running transfer with a peer, or null when none runs. */
  progressWith: (peerId: string) => number | null;
  onSendFiles: (peerIds: string[], selection: Selection) => void;
  onComposeText: (peer: PeerView) => void;
  onUnpair: (id: string) => void;
  onAutoSave: (id: string, on: boolean) => void;
  onDiagnostics: () => void;
}) {
  const [ticked, setTicked] = createSignal<string[]>([]);
  // A device that left is no longer a target.
  const selected = () => ticked().filter((id) => props.peers.some((p) => p.id === id));
  const select = (peerId: string, on: boolean) => setTicked((ids) => (on ? [...ids.filter((id) => id !== peerId), peerId] : ids.filter((id) => id !== peerId)));
  return (
    <section class="peers" aria-labelledby="peers-heading">
      <div class="section-head">
        <h2 id="peers-heading" class="section-title">
          {t().peersHeading}
        </h2>
        <SendToMany
          peerIds={props.peers.map((p) => p.id)}
          selected={selected()}
          onSendFiles={props.onSendFiles}
          onClear={() => setTicked([])}
        />
      </div>
      <Show when={props.peers.length > 0} fallback={<EmptyState />}>
        <ul class="peers__grid" role="list">
          <For each={props.peers}>
            {(peer) => (
              <PeerTile
                peer={peer}
                progress={props.progressWith(peer.id)}
                selected={selected().includes(peer.id)}
                onSelect={select}
                onSendFiles={props.onSendFiles}
                onComposeText={props.onComposeText}
                onUnpair={props.onUnpair}
                onAutoSave={props.onAutoSave}
              />
            )}
          </For>
          <AddDeviceTile />
        </ul>
      </Show>
      <button type="button" class="button button--quiet button--compact peers__diagnostics" data-testid="diagnostics" onClick={() => props.onDiagnostics()}>
        {t().diagnostics.open}
      </button>
    </section>
  );
}
