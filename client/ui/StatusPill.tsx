// The signaling connection's state, shown quietly: a dot and a word.
import type { SignalingStatus } from "../engine/types";
import { t } from "../i18n";

export function StatusPill(props: { status: SignalingStatus }) {
  return (
    <span class={`status status--${props.status}`} role="status" aria-live="polite">
      <span class="status__dot" aria-hidden="true" />
      <span class="status__label">{t().status[props.status]}</span>
    </span>
  );
}
