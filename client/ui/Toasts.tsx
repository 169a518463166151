// The engine's notices as toasts: each closes itself after a while, or when its close button is pressed.
import { For, onCleanup, onMount } from "solid-js";
import type { Notice } from "../state/store";
import { t } from "../i18n";
import { describeNotice } from "../i18n/describe";
import { CloseIcon } from "./icons";
import { Isolated } from "./Isolated";

const TOAST_MS = 7000;

export function Toasts(props: { notices: Notice[]; onDismiss: (id: number) => void }) {
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={props.notices}>{(notice) => <Toast notice={notice} onDismiss={props.onDismiss} />}</For>
    </div>
  );
}

function Toast(props: { notice: Notice; onDismiss: (id: number) => void }) {
  onMount(() => {
    const timer = setTimeout(() => props.onDismiss(props.notice.id), TOAST_MS);
    onCleanup(() => clearTimeout(timer));
  });
  return (
    <div class="toast" data-testid="notice">
      <span class="toast__message">
        <Isolated text={describeNotice(t(), props.notice.notice)} names={["peerName" in props.notice.notice ? props.notice.notice.peerName : undefined]} />
      </span>
      <button type="button" class="icon-button" aria-label={t().close} onClick={() => props.onDismiss(props.notice.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}
