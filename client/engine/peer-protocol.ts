// Messages between two browsers on the DataChannel. Control messages are JSON text frames; file bytes are
// binary frames that belong to the file announced by the last `file-start` (the channel is ordered).
// Each end's first message is its `proof`; nothing else is sent or taken until the peer's proof holds.
//
//   proof       {id, publicKey, signature}  my device key, and its signature binding both device ids and both
//                                      DTLS fingerprints (identity/channel-proof.ts); id is "proof"
//   offer       {id, files, dirs,      sender → receiver: these files (relative `/` paths as names) and empty
//                totalFiles, totalDirs} folders, accept? A long list does not fit one message (Chromium caps
//                                      one at 256 KiB): the offer carries the first part and the totals
//   offer-part  {id, files, dirs}      sender → receiver: the next part of the offer's lists, until the totals
//   offer-shown {id}                   receiver → sender: the whole offer arrived and is before its person (or
//                                      accepted at once: auto-save); the sender stops saying "connecting"
//   accept      {id}                   receiver → sender: send them
//   decline     {id}                   receiver → sender: no thanks
//   cancel      {id}                   either way: stop this transfer
//   file-start  {id, index, offset}    sender → receiver: binary frames of file `index` follow, from byte
//                                      `offset` (0 unless resumed); a frame never exceeds the receiver's
//                                      maxMessageSize nor spans two blocks
//   blocks      {id, index, first,     sender → receiver: the SHA-256 of blocks `first`, `first`+1, … of file
//                sha256}               `index` (block-digest.ts: BLOCK_BYTES each), hex, concatenated; sent once
//                                      their bytes are, block after block
//   file-end    {id, index, sha256}    sender → receiver: that file is complete; the SHA-256 over its block digests
//   received    {id}                   receiver → sender: every file arrived and every block matched
//   failed      {id, fault, index}     receiver → sender: file `index` did not match, or could not be stored
//   resume      {id, index, offset,    receiver → sender, on a new link after a paused one: files before `index`
//                sha256}               are complete and file `index` holds its first `offset` bytes (whole blocks,
//                                      or all of it); `sha256` is the digest over those blocks' digests. Answered
//                                      by `file-start` at that offset, or `failed` (fault "checkpoint": they are not
//                                      the sender's bytes; "protocol": no such place in the files)
//   resume-ask  {id}                   sender → receiver, on a new link: I can go on with this paused transfer.
//                                      Answered by `resume`, `received` (it was all there) or `cancel` (given up)
//   resume-wait {id}                   sender → receiver, answering a `resume` after the sending page reloaded:
//                                      it knows this transfer but its person must pick the files again; stay
//                                      paused (the `file-start` that follows the pick resumes it)
//   text        {id, text}             a text message
//   busy        {id, what}             receiver → sender: offer or text `id` was refused unseen, because too
//                                      many of this sender's offers wait for an answer (what: "offers") or its
//                                      texts come too fast (what: "texts"); peer-quotas.ts
//   path        {id, relayed}          my end of our connection goes through a TURN relay (or not); a path
//                                      through the peer's relay looks direct from this end (its address shows
//                                      as peer-reflexive), so each end tells the other what it sees
import { FILE_FAULTS, type FileFault, type FileMeta } from "./types";

/** Chromium caps a DataChannel message at 256 KiB; 60,000 characters stay under it even as 4-byte UTF-8. */
export const MAX_TEXT_LENGTH = 60_000;
/** A photo library is tens of thousands of files; each costs the receiver about 200 bytes while offered. */
export const MAX_FILES_PER_OFFER = 100_000;
export const MAX_DIRS_PER_OFFER = 100_000;
/** A relative path as sent; the receiver cleans and bounds it further (safe-path.ts). */
export const MAX_PATH_LENGTH = 4096;
/** Digests in one `blocks` message: senders send 16 (one read); a few KiB of JSON at most. */
export const MAX_BLOCKS_PER_MESSAGE = 64;

export type PeerMessage =
  | { type: "offer"; id: string; files: FileMeta[]; dirs: string[]; totalFiles: number; totalDirs: number }
  | { type: "offer-part"; id: string; files: FileMeta[]; dirs: string[] }
  | { type: "offer-shown"; id: string }
  | { type: "accept"; id: string }
  | { type: "decline"; id: string }
  | { type: "cancel"; id: string }
  | { type: "file-start"; id: string; index: number; offset: number }
  | { type: "resume"; id: string; index: number; offset: number; sha256: string }
  | { type: "resume-ask"; id: string }
  | { type: "resume-wait"; id: string }
  | { type: "blocks"; id: string; index: number; first: number; sha256: string }
  | { type: "file-end"; id: string; index: number; sha256: string }
  | { type: "received"; id: string }
  | { type: "failed"; id: string; fault: FileFault; index: number }
  | { type: "text"; id: string; text: string }
  | { type: "busy"; id: string; what: BusyWhat }
  | { type: "path"; id: string; relayed: boolean }
  | { type: "proof"; id: string; publicKey: string; signature: string };

export type BusyWhat = "offers" | "texts";
export type ResumeRequest = Extract<PeerMessage, { type: "resume" }>;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 64;
const isBase64url = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max && /^[A-Za-z0-9_-]+$/.test(v);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

const isSha256 = (v: unknown): v is string => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
const isPath = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_PATH_LENGTH;

function isFileMeta(v: unknown): v is FileMeta {
  return isObj(v) && isPath(v.name) && Number.isSafeInteger(v.size) && (v.size as number) >= 0 && typeof v.type === "string" && v.type.length <= 256;
}

/** The files and folders of an offer or offer-part, keeping only known fields; null when malformed. */
function parseLists(v: Obj): { files: FileMeta[]; dirs: string[] } | null {
  const dirs = v.dirs ?? [];
  if (!Array.isArray(v.files) || !v.files.every(isFileMeta) || !Array.isArray(dirs) || !dirs.every(isPath)) return null;
  return { files: v.files.map((f: FileMeta) => ({ name: f.name, size: f.size, type: f.type })), dirs };
}

const isCount = (v: unknown, max: number, atLeast: number): v is number => Number.isInteger(v) && (v as number) >= atLeast && (v as number) <= max;

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
    case "offer": {
      const lists = parseLists(v);
      const [totalFiles, totalDirs] = [v.totalFiles ?? lists?.files.length, v.totalDirs ?? lists?.dirs.length];
      if (!lists || !isCount(totalFiles, MAX_FILES_PER_OFFER, 1) || !isCount(totalDirs, MAX_DIRS_PER_OFFER, 0)) return null;
      return lists.files.length <= totalFiles && lists.dirs.length <= totalDirs ? { type: "offer", id, ...lists, totalFiles, totalDirs } : null;
    }
    case "offer-part": {
      const lists = parseLists(v);
      return lists ? { type: "offer-part", id, ...lists } : null;
    }
    case "offer-shown":
    case "accept":
    case "decline":
    case "received":
    case "cancel":
    case "resume-ask":
    case "resume-wait":
      return { type: v.type, id };
    case "resume":
      return isIndex(v.index) && Number.isSafeInteger(v.offset) && isIndex(v.offset) && isSha256(v.sha256) ? { type: "resume", id, index: v.index, offset: v.offset, sha256: v.sha256 } : null;
    case "failed":
      return FILE_FAULTS.includes(v.fault as FileFault) && isIndex(v.index) ? { type: "failed", id, fault: v.fault as FileFault, index: v.index } : null;
    case "file-start":
      return isIndex(v.index) && Number.isSafeInteger(v.offset ?? 0) && isIndex(v.offset ?? 0) ? { type: "file-start", id, index: v.index, offset: (v.offset as number | undefined) ?? 0 } : null;
    case "blocks":
      return isIndex(v.index) && isIndex(v.first) && typeof v.sha256 === "string" && v.sha256.length <= 64 * MAX_BLOCKS_PER_MESSAGE && /^(?:[0-9a-f]{64})+$/.test(v.sha256)
        ? { type: "blocks", id, index: v.index, first: v.first, sha256: v.sha256 }
        : null;
    case "file-end":
      return isIndex(v.index) && isSha256(v.sha256) ? { type: "file-end", id, index: v.index, sha256: v.sha256 } : null;
    case "text":
      return typeof v.text === "string" && v.text.length <= MAX_TEXT_LENGTH ? { type: "text", id, text: v.text } : null;
    case "busy":
      return v.what === "offers" || v.what === "texts" ? { type: "busy", id, what: v.what } : null;
    case "path":
      return typeof v.relayed === "boolean" ? { type: "path", id, relayed: v.relayed } : null;
    case "proof":
      return isBase64url(v.publicKey, 64) && isBase64url(v.signature, 128) ? { type: "proof", id, publicKey: v.publicKey, signature: v.signature } : null;
    default:
      return null;
  }
}
