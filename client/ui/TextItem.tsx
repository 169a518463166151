// One text message, sent or received. Always rendered as text, never HTML; web links become clickable. Long
// runs are laid out in pieces and long texts collapse behind "Show more" (text-runs.ts), so a peer's text
// cannot freeze this page.
import { createSignal, For, Show } from "solid-js";
import type { TextMessage } from "../engine/types";
import { locale, t } from "../i18n";
import { CopyButton } from "./CopyButton";
import { linkParts } from "./links";
import { breakRuns, preview } from "./text-runs";
import { CloseIcon, TextIcon } from "./icons";
import { Isolated } from "./Isolated";

export function TextItem(props: { message: TextMessage; onDismiss: (id: string) => void }) {
  const m = () => props.message;
  const received = () => m().direction === "receive";
  return (
    <article class="item text" classList={{ "text--in": received() }}>
      <div class="item__head">
        <span class="item__icon" classList={{ "item__icon--in": received() }} aria-hidden="true">
          <TextIcon />
        </span>
        <div class="item__who">
          <span class="item__peer">
            <Isolated text={received() ? t().from(m().peerName) : t().to(m().peerName)} names={[m().peerName]} />
          </span>
          <span class="item__sub">
            {new Date(m().at).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" })}
            <Show when={!received()}> · {t().textSent}</Show>
          </span>
        </div>
        <button type="button" class="icon-button" aria-label={t().dismiss} title={t().dismiss} onClick={() => props.onDismiss(m().id)}>
          <CloseIcon />
        </button>
      </div>
      <TextBody text={m().text} received={received()} />
      <div class="item__foot item__foot--end">
        <CopyButton text={m().text} compact />
      </div>
    </article>
  );
}

function TextBody(props: { text: string; received: boolean }) {
  const [whole, setWhole] = createSignal(false);
  const shown = () => (whole() ? null : preview(props.text));
  return (
    <>
      <p class="text__body" dir="auto" data-testid={props.received ? "received-text" : undefined}>
        <LinkedText text={shown() ?? props.text} />
        <Show when={shown() !== null}>…</Show>
      </p>
      <Show when={shown() !== null}>
        <button type="button" class="button button--compact text__more" data-testid="show-more" onClick={() => setWhole(true)}>
          {t().showMore}
        </button>
      </Show>
    </>
  );
}

function LinkedText(props: { text: string }) {
  return (
    <For each={linkParts(props.text)}>
      {(part) =>
        part.href === null ? (
          <Pieces text={part.text} />
        ) : (
          <a href={part.href} target="_blank" rel="noopener noreferrer">
            <Pieces text={part.text} />
          </a>
        )
      }
    </For>
  );
}

/** A run of text with a break opportunity between its pieces. */
function Pieces(props: { text: string }) {
  return <For each={breakRuns(props.text)}>{(piece, i) => (i() > 0 ? [<wbr />, piece] : piece)}</For>;
}
