// Moving the keyboard's focus to something that just appeared (an incoming offer), and back afterwards —
// but never out of a field the person is typing in or a dialog they have open.

const busy = (el: Element | null) =>
  el !== null && (el.matches("input, textarea, select, [contenteditable=''], [contenteditable=true]") || el.closest("dialog[open]") !== null);

/** Focuses `el` unless the person is busy elsewhere; returns what puts the focus back where it was. */
export function takeFocus(el: HTMLElement): () => void {
  const before = document.activeElement;
  if (busy(before)) return () => {};
  el.focus();
  return () => {
    // Only when the focus is still inside what is going away (or was dropped to the body with it).
    const now = document.activeElement;
    if ((now === null || now === document.body || el.contains(now)) && before instanceof HTMLElement && before.isConnected) before.focus();
  };
}
