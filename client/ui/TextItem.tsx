// One text message, sent or received. Always rendered as text, never HTML; web links become clickable.
import { For, Show } from "solid-js";
import type { TextMessage } from "../engine/types";
import { en } from "../i18n/en";
import { CopyButton } from "./CopyButton";
import { linkParts } from "./links";
import { CloseIcon, TextIcon } from "./icons";

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
          <span class="item__peer">{received() ? en.from(m().peerName) : en.to(m().peerName)}</span>
          <span class="item__sub">
            {new Date(m().at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
            <Show when={!received()}> · {en.textSent}</Show>
          </span>
        </div>
        <button type="button" class="icon-button" aria-label={en.dismiss} title={en.dismiss} onClick={() => props.onDismiss(m().id)}>
          <CloseIcon />
        </button>
      </div>
      <Show
        when={received()}
        fallback={
          <p class="text__body">
            <LinkedText text={m().text} />
          </p>
        }
      >
        <p class="text__body" data-testid="received-text">
          <LinkedText text={m().text} />
        </p>
      </Show>
      <div class="item__foot item__foot--end">
        <CopyButton text={m().text} compact />
      </div>
    </article>
  );
}

function LinkedText(props: { text: string }) {
  return (
    <For each={linkParts(props.text)}>
      {(part) =>
        part.href === null ? (
          part.text
        ) : (
          <a href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        )
      }
    </For>
  );
}
