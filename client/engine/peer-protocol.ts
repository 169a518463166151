// Messages between two browsers on the DataChannel. Control messages are JSON text frames; file bytes are
// binary frames that belong to the file announced by the last `file-start` (the channel is ordered).
//
//   offer       {id, files}            sender → receiver: these files, accept?
//   accept      {id}                   receiver → sender: send them
//   decline     {id}                   receiver → sender: no thanks
//   cancel      {id, reason}           either way: stop this transfer
//   file-start  {id, index}            sender → receiver: binary frames of file `index` follow
//   file-end    {id, index, sha256}    sender → receiver: that file is complete; its hash
//   received    {id}                   receiver → sender: every file arrived and matched its hash
//   failed      {id, reason}           receiver → sender: a file did not match, or could not be stored
//   text        {id, text}             a text message
//   path        {id, relayed}          my end of our connection goes through a TURN relay (or not); a path
//                                      through the peer's relay looks direct from this end (its address shows
//                                      as peer-reflexive), so each end tells the other what it sees
import type { FileMeta } from "./types";

/** Chromium caps a DataChannel message at 256 KiB; 60,000 characters stay under it even as 4-byte UTF-8. */
export const MAX_TEXT_LENGTH = 60_000;
export const MAX_FILES_PER_OFFER = 10_000;

export type PeerMessage =
  | { type: "offer"; id: string; files: FileMeta[] }
  | { type: "accept"; id: string }
  | { type: "decline"; id: string }
  | { type: "cancel"; id: string; reason: string }
  | { type: "file-start"; id: string; index: number }
  | { type: "file-end"; id: string; index: number; sha256: string }
  | { type: "received"; id: string }
  | { type: "failed"; id: string; reason: string }
  | { type: "text"; id: string; text: string }
  | { type: "path"; id: string; relayed: boolean };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 64;
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isShortText = (v: unknown): v is string => typeof v === "string" && v.length <= 500;

function isFileMeta(v: unknown): v is FileMeta {
  return isObj(v) && typeof v.name === "string" && v.name.length <= 1024 && Number.isSafeInteger(v.size) && (v.size as number) >= 0 && typeof v.type === "string" && v.type.length <= 256;
}

/** Parse a control frame from the other browser; null for anything malformed (the peer is not trusted either). */
export function parsePeerMessage(raw: string): PeerMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObj(v) || !isId(v.id)) return null;
  const id = v.id;
  switch (v.type) {
    case "offer":
      return Array.isArray(v.files) && v.files.length > 0 && v.files.length <= MAX_FILES_PER_OFFER && v.files.every(isFileMeta)
        ? { type: "offer", id, files: v.files.map((f: FileMeta) => ({ name: f.name, size: f.size, type: f.type })) }
        : null;
    case "accept":
    case "decline":
    case "received":
      return { type: v.type, id };
    case "cancel":
    case "failed":
      return isShortText(v.reason) ? { type: v.type, id, reason: v.reason } : null;
    case "file-start":
      return isIndex(v.index) ? { type: "file-start", id, index: v.index } : null;
    case "file-end":
      return isIndex(v.index) && typeof v.sha256 === "string" && /^[0-9a-f]{64}$/.test(v.sha256) ? { type: "file-end", id, index: v.index, sha256: v.sha256 } : null;
    case "text":
      return typeof v.text === "string" && v.text.length <= MAX_TEXT_LENGTH ? { type: "text", id, text: v.text } : null;
    case "path":
      return typeof v.relayed === "boolean" ? { type: "path", id, relayed: v.relayed } : null;
    default:
      return null;
  }
}
