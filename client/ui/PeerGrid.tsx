// Every peer in my room as a tile, or an explanation of how to bring one here.
import { For, Show } from "solid-js";
import type { PeerView } from "../engine/types";
import { en } from "../i18n/en";
import { AddDeviceTile } from "./AddDeviceTile";
import { EmptyState } from "./EmptyState";
import { PeerTile } from "./PeerTile";

export function PeerGrid(props: {
  peers: PeerView[];
  /** Percent of the running transfer with a peer, or null when none runs. */
  progressWith: (peerId: string) => number | null;
  onSendFiles: (peerId: string, files: File[]) => void;
  onComposeText: (peer: PeerView) => void;
}) {
  return (
    <section class="peers" aria-labelledby="peers-heading">
      <h2 id="peers-heading" class="section-title">
        {en.peersHeading}
      </h2>
      <Show when={props.peers.length > 0} fallback={<EmptyState />}>
        <ul class="peers__grid" role="list">
          <For each={props.peers}>
            {(peer) => (
              <PeerTile
                peer={peer}
                progress={props.progressWith(peer.id)}
                onSendFiles={props.onSendFiles}
                onComposeText={props.onComposeText}
              />
            )}
          </For>
          <AddDeviceTile />
        </ul>
      </Show>
    </section>
  );
}
