// Links that act when opened: /#pair=123456 pairs with the device showing that code, /#room=ABCDEFGH joins
// that room. The fragment never reaches the server (no logs, no Referer), and it is cleared once read.
import { normalizePairCode, normalizeRoomCode } from "../../src/codes";

export type HashLink = { kind: "pair"; code: string } | { kind: "room"; code: string };

export function readHashLink(hash: string): HashLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const pair = normalizePairCode(params.get("pair") ?? "");
  if (pair) return { kind: "pair", code: pair };
  const room = normalizeRoomCode(params.get("room") ?? "");
  return room ? { kind: "room", code: room } : null;
}

export const hashLink = (base: string, link: HashLink) => `${base}#${link.kind}=${link.code}`;
