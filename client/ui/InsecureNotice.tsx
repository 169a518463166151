// Over plain HTTP the browser withholds some features; say which, and how to get them back. Dismissed once,
// it stays away in this browser. On a phone it is one line until opened.
import { For, Show, createSignal } from "solid-js";
import { t } from "../i18n";
import { recall, remember } from "../state/remembered";
import { CloseIcon, ShieldIcon } from "./icons";

const DISMISSED = "ferry-insecure-notice-dismissed";

export function InsecureNotice() {
  const [open, setOpen] = createSignal(!window.isSecureContext && recall(DISMISSED) === null);
  return (
    <Show when={open()}>
      <aside class="insecure" data-testid="insecure-notice">
        <ShieldIcon class="icon insecure__icon" />
        <div class="insecure__text">
          <p class="insecure__line">
            <strong>{t().insecure.title}</strong> <span class="insecure__body">{t().insecure.body}</span>
          </p>
          <details class="insecure__more">
            <summary>
              <span class="insecure__wide">{t().insecure.more}</span>
              <span class="insecure__narrow">{t().insecure.short}</span>
            </summary>
            {/* Phones hide the body above; here it is, once opened. */}
            <p class="insecure__body-short">{t().insecure.body}</p>
            <p>
              <WithFlags text={t().insecure.howTo} />
            </p>
          </details>
        </div>
        <button
          type="button"
          class="icon-button"
          aria-label={t().dismiss}
          onClick={() => {
            remember(DISMISSED, "1");
            setOpen(false);
          }}
        >
          <CloseIcon />
        </button>
      </aside>
    </Show>
  );
}

/** Command-line flags in the text as code that never breaks at its hyphens. */
function WithFlags(props: { text: string }) {
  return <For each={props.text.split(/(--[a-z][a-z-]*)/)}>{(part) => (part.startsWith("--") ? <code class="flag">{part}</code> : part)}</For>;
}
