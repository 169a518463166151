// Paste (Ctrl/Cmd+V) anywhere and drops on the page's background hand what they carry to the "Send to…" bar.
// A paste into a field stays that field's; a drop on a tile is the tile's (it prevents the default first);
// a drag that began on this page (selected text) is not something to send.
import { sharedOfDrop, sharedOfPaste, type Shared } from "./shared-items";

const editable = (el: EventTarget | null) => el instanceof Element && el.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]") !== null;
const carries = (e: DragEvent) => ["Files", "text/plain", "text/uri-list"].some((type) => e.dataTransfer?.types.includes(type));

export function catchPasteAndDrop(open: (shared: Shared) => void): () => void {
  let dragFromHere = false;
  const root = document.documentElement;

  const paste = (e: ClipboardEvent) => {
    if (editable(e.target) || !e.clipboardData) return;
    const shared = sharedOfPaste(e.clipboardData);
    if (!shared) return;
    e.preventDefault();
    open(shared);
  };
  const dragstart = () => (dragFromHere = true);
  const dragend = () => (dragFromHere = false);
  const dragover = (e: DragEvent) => {
    if (dragFromHere || !carries(e)) return;
    // Without this the browser would open a dropped file in place of Ferry.
    e.preventDefault();
    root.classList.add("dragging");
  };
  const dragleave = (e: DragEvent) => {
    // Leaving the window, not moving between elements.
    if (e.relatedTarget === null) root.classList.remove("dragging");
  };
  const drop = (e: DragEvent) => {
    root.classList.remove("dragging");
    if (dragFromHere || !carries(e) || !e.dataTransfer) return;
    if (e.defaultPrevented) return; // a tile took it
    e.preventDefault();
    sharedOfDrop(e.dataTransfer).then(
      (shared) => shared && open(shared),
      (err) => console.warn("ferry: could not read what was dropped", err),
    );
  };

  const listeners = [
    ["paste", paste],
    ["dragstart", dragstart],
    ["dragend", dragend],
    ["dragover", dragover],
    ["dragleave", dragleave],
    ["drop", drop],
  ] as const;
  for (const [type, fn] of listeners) window.addEventListener(type, fn as EventListener);
  return () => {
    for (const [type, fn] of listeners) window.removeEventListener(type, fn as EventListener);
  };
}
