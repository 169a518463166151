// Offers waiting for my answer: who sends what, and Accept / Decline. Announced to screen readers as they arrive;
// the newest takes the keyboard's focus, where Enter accepts and Escape declines.
import { For, Show, onCleanup, onMount } from "solid-js";
import type { SaveTarget } from "../engine/save-target";
import { MEMORY_SAFE_BYTES } from "../engine/storage";
import { canChooseWhere, chooseTarget } from "./pickers";
import type { TransferView } from "../engine/types";
import { locale, t } from "../i18n";
import { Avatar } from "./Avatar";
import { FileList } from "./FileList";
import { formatBytes } from "./format";
import { takeFocus } from "./take-focus";
import { Isolated } from "./Isolated";

export function IncomingPrompts(props: {
  offers: TransferView[];
  peerDevice: (peerId: string) => string;
  storage: "disk" | "memory";
  onAccept: (id: string, target?: SaveTarget) => void;
  onDecline: (id: string) => void;
}) {
  return (
    <div class="incoming-layer" aria-live="polite" aria-relevant="additions">
      <For each={props.offers}>
        {(offer) => (
          <IncomingPrompt
            offer={offer}
            device={props.peerDevice(offer.peerId)}
            storage={props.storage}
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
  storage: "disk" | "memory";
  onAccept: (id: string, target?: SaveTarget) => void;
  onDecline: (id: string) => void;
}) {
  const headingId = `incoming-${props.offer.id}`;
  let section: HTMLElement | undefined;
  onMount(() => onCleanup(takeFocus(section!)));
  const oneFile = () => props.offer.files.length === 1 && !props.offer.files[0]!.name.includes("/");
  const acceptTo = () =>
    chooseTarget(props.offer.files).then(
      (target) => target && props.onAccept(props.offer.id, target),
      (err) => console.warn("ferry: could not open the folder picker", err),
    );
  return (
    <section
      ref={section}
      class="incoming card"
      data-testid="incoming"
      role="alertdialog"
      aria-labelledby={headingId}
      aria-describedby={`${headingId}-summary`}
      tabindex="-1"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          props.onDecline(props.offer.id);
        } else if (e.key === "Enter" && e.target === section) {
          // On a button, Enter presses that button instead.
          e.preventDefault();
          props.onAccept(props.offer.id);
        }
      }}
    >
      <div class="incoming__head">
        <Avatar name={props.offer.peerName} device={props.device} />
        <div>
          <h2 class="incoming__title" id={headingId}>
            <Isolated text={t().incoming.title(props.offer.peerName)} names={[props.offer.peerName]} />
          </h2>
          <p class="incoming__summary" id={`${headingId}-summary`}>
            {t().incoming.files(props.offer.files.length)} · {formatBytes(props.offer.totalBytes, locale())}
          </p>
        </div>
      </div>
      <FileList files={props.offer.files} dirs={props.offer.dirs} received={[]} />
      <Show when={props.offer.renamed > 0}>
        <p class="incoming__note" data-testid="renamed-note">
          {t().incoming.renamed(props.offer.renamed)}
        </p>
      </Show>
      <Show when={props.storage === "memory" && props.offer.totalBytes > MEMORY_SAFE_BYTES}>
        <p class="incoming__warning" data-testid="memory-warning" role="alert">
          {t().incoming.memoryWarning(formatBytes(props.offer.totalBytes, locale()))}
        </p>
      </Show>
      <p class="incoming__keys" aria-hidden="true">
        {t().incoming.keys}
      </p>
      <div class="incoming__actions">
        <button type="button" class="button" data-testid="decline" onClick={() => props.onDecline(props.offer.id)}>
          {t().incoming.decline}
        </button>
        <Show when={canChooseWhere()}>
          <button type="button" class="button" data-testid="accept-to" onClick={acceptTo}>
            {t().incoming.acceptTo(!oneFile())}
          </button>
        </Show>
        <button
          type="button"
          class="button button--primary"
          data-testid="accept"
          onClick={() => props.onAccept(props.offer.id)}
        >
          {t().incoming.accept}
        </button>
      </div>
    </section>
  );
}
