// Splits a received text into plain runs and web links, so links can be clicked while everything stays text.
// Only http and https ever become links: never javascript:, data: or anything else a sender might try.

const LINK = /(https?:\/\/[^\s<>"']+)/g;
const WHOLE_LINK = /^https?:\/\/[^\s<>"']+$/;

export interface TextPart {
  text: string;
  href: string | null;
}

export function linkParts(text: string): TextPart[] {
  return text
    .split(LINK)
    .filter((part) => part.length > 0)
    .map((part) => ({ text: part, href: WHOLE_LINK.test(part) ? part : null }));
}
