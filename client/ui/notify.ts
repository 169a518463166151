// System notifications for offers and texts that arrive while Ferry is in a background tab.
// Browsers allow them only in secure contexts, and we ask for permission only during a click of the
// person's own (accepting or sending), never on page load.

export function canNotify(): boolean {
  return window.isSecureContext && "Notification" in window;
}

/** Call from a click handler: asks once, the first time it matters. */
export function askToNotify(): void {
  if (canNotify() && Notification.permission === "default") {
    Notification.requestPermission().catch((error: unknown) => console.warn("Notification permission request failed", error));
  }
}

/** Shows a notification if the page is hidden and permission was given; a click brings the tab back. */
export function notifyIfHidden(title: string, body: string, tag: string): void {
  if (!document.hidden || !canNotify() || Notification.permission !== "granted") return;
  const n = new Notification(title, { body, tag, icon: "/favicon.svg" });
  n.onclick = () => {
    window.focus();
    n.close();
  };
}
