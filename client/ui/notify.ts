// System notifications for offers, texts and finished transfers while Ferry's tab is hidden. Browsers allow
// them only in secure contexts; Ferry asks for permission only when the bell is pressed. Through the service
// worker where there is one (Android has no `new Notification`), else directly.
import { createSignal } from "solid-js";
import { forget, recall, remember } from "../state/remembered";
import { activeRegistration } from "./service-worker";

const MUTED = "ferry-notifications-muted";

export type NotifyState = "unavailable" | "ask" | "on" | "off" | "blocked";

export function canNotify(): boolean {
  return window.isSecureContext && "Notification" in window;
}

const current = (): NotifyState => {
  if (!canNotify()) return "unavailable";
  if (Notification.permission === "denied") return "blocked";
  if (Notification.permission === "default") return "ask";
  return recall(MUTED) === null ? "on" : "off";
};

const [state, setState] = createSignal<NotifyState>(current());

/** The bell's state; reactive. */
export const notifyState = state;

/** The bell was pressed: ask the first time, then switch notifications off and on again. */
export async function toggleNotifications(): Promise<void> {
  const now = state();
  switch (now) {
    case "ask":
      await Notification.requestPermission().catch((err: unknown) => console.warn("ferry: the notification permission request failed", err));
      forget(MUTED);
      break;
    case "on":
      remember(MUTED, "1");
      break;
    case "off":
      forget(MUTED);
      break;
    case "blocked":
    case "unavailable":
      break;
    default:
      now satisfies never;
  }
  setState(current());
}

/** Shows a notification if the page is hidden and notifications are on; a click brings the tab back. */
export async function notifyIfHidden(title: string, body: string, tag: string): Promise<void> {
  if (!document.hidden || current() !== "on") return;
  const options = { body: body.slice(0, 200), tag, icon: "/icons/icon-192.png" };
  const reg = await activeRegistration();
  if (reg) return reg.showNotification(title, options);
  const n = new Notification(title, options);
  n.onclick = () => {
    window.focus();
    n.close();
  };
}
