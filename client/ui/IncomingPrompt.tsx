// Offers waiting for my answer: who sends what, and Accept / Decline. Announced to screen readers as they arrive.
import { For } from "solid-js";
import type { TransferView } from "../engine/types";
import { en } from "../i18n/en";
import { Avatar } from "./Avatar";
import { FileList } from "./FileList";
import { formatBytes } from "./format";

export function IncomingPrompts(props: {
  offers: TransferView[];
  peerDevice: (peerId: string) => string;
  onAccept: (id: string) => void;
  onDecline: (id: string) => void;
}) {
  return (
    <div class="incoming-layer" aria-live="polite" aria-relevant="additions">
      <For each={props.offers}>
        {(offer) => (
          <IncomingPrompt
            offer={offer}
            device={props.peerDevice(offer.peerId)}
            onAccept={props.onAccept}
            onDecline={props.onDecline}
          />
        )}
      </For>
    </div>
  );
}

function IncomingPrompt(props: {
  offer: TransferView;
  device: string;
  onAccept: (id: string) => void;
  onDecline: (id: string) => void;
}) {
  const headingId = `incoming-${props.offer.id}`;
  return (
    <section class="incoming card" data-testid="incoming" role="group" aria-labelledby={headingId}>
      <div class="incoming__head">
        <Avatar name={props.offer.peerName} device={props.device} />
        <div>
          <h2 class="incoming__title" id={headingId}>
            {en.incoming.title(props.offer.peerName)}
          </h2>
          <p class="incoming__summary">
            {en.incoming.files(props.offer.files.length)} · {formatBytes(props.offer.totalBytes)}
          </p>
        </div>
      </div>
      <FileList files={props.offer.files} received={[]} />
      <div class="incoming__actions">
        <button type="button" class="button" data-testid="decline" onClick={() => props.onDecline(props.offer.id)}>
          {en.incoming.decline}
        </button>
        <button
          type="button"
          class="button button--primary"
          data-testid="accept"
          onClick={() => props.onAccept(props.offer.id)}
        >
          {en.incoming.accept}
        </button>
      </div>
    </section>
  );
}
