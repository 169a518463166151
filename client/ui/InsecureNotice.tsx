// Over plain HTTP the browser withholds some features; say which, and how to get them back.
import { Show, createSignal } from "solid-js";
import { en } from "../i18n/en";
import { CloseIcon, ShieldIcon } from "./icons";

export function InsecureNotice() {
  const [open, setOpen] = createSignal(!window.isSecureContext);
  return (
    <Show when={open()}>
      <aside class="insecure" data-testid="insecure-notice">
        <ShieldIcon class="icon insecure__icon" />
        <div class="insecure__text">
          <p class="insecure__line">
            <strong>{en.insecure.title}</strong> {en.insecure.body}
          </p>
          <details class="insecure__more">
            <summary>{en.insecure.more}</summary>
            <p>{en.insecure.howTo}</p>
          </details>
        </div>
        <button type="button" class="icon-button" aria-label={en.dismiss} onClick={() => setOpen(false)}>
          <CloseIcon />
        </button>
      </aside>
    </Show>
  );
}
