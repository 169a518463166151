// The bell in the header: asks for notification permission when pressed (never on its own), then turns
// notifications off and on. Absent where browsers allow none (plain-HTTP pages).
import { Show } from "solid-js";
import { t } from "../i18n";
import { notifyState, toggleNotifications } from "./notify";
import { BellIcon, BellOffIcon } from "./icons";

export function NotifyBell() {
  const hint = () => {
    const s = notifyState();
    return s === "unavailable" ? "" : t().bell[s];
  };
  return (
    <Show when={notifyState() !== "unavailable"}>
      <button
        type="button"
        class="icon-button bell"
        classList={{ "bell--on": notifyState() === "on" }}
        data-testid="notifications"
        aria-label={t().bell.label}
        aria-pressed={notifyState() === "on"}
        aria-describedby="bell-hint"
        title={hint()}
        onClick={() => void toggleNotifications()}
      >
        <Show when={notifyState() === "on" || notifyState() === "ask"} fallback={<BellOffIcon />}>
          <BellIcon />
        </Show>
        <span id="bell-hint" class="visually-hidden">
          {hint()}
        </span>
      </button>
    </Show>
  );
}
