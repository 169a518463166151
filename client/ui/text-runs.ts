// Keeps a text cheap to lay out, whatever a peer sends. An unbroken run of tens of thousands of characters
// is one word to the browser: shaping and line-breaking it froze a page for seconds (60,000 characters:
// ~2.6 s). Long runs are cut into pieces with a break opportunity (<wbr>) between them, and a long text
// shows its beginning until the person asks for the rest.

/** Longest run of non-space characters laid out as one piece. */
export const MAX_RUN = 64;
/** Texts longer than this show their first PREVIEW_CHARS characters behind "Show more". */
export const COLLAPSE_ABOVE = 2000;
export const PREVIEW_CHARS = 1000;

/** `text` in pieces, none with a run of non-space characters longer than `max`; joined, they are `text`. */
export function breakRuns(text: string, max = MAX_RUN): string[] {
  const pieces: string[] = [];
  let start = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      run = 0;
      continue;
    }
    // Never between the two halves of a surrogate pair.
    if (run >= max && !isLowSurrogate(c)) {
      pieces.push(text.slice(start, i));
      start = i;
      run = 0;
    }
    run++;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** What a text shows before "Show more", or null when it shows whole. */
export function preview(text: string): string | null {
  if (text.length <= COLLAPSE_ABOVE) return null;
  const cut = PREVIEW_CHARS - (isLowSurrogate(text.charCodeAt(PREVIEW_CHARS)) ? 1 : 0);
  return text.slice(0, cut);
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
