// An offer's list of files and folders, split into messages that fit the channel, and put together again.
// Chromium refuses DataChannel messages over 256 KiB and a peer may announce a smaller maxMessageSize; a
// folder of 2,000 photos with their paths is about that much JSON, and 100,000 files are several MiB.
import { MAX_DIRS_PER_OFFER, MAX_FILES_PER_OFFER, type PeerMessage } from "./peer-protocol";
import type { FileMeta } from "./types";

type Offer = Extract<PeerMessage, { type: "offer" }>;
type OfferPart = Extract<PeerMessage, { type: "offer-part" }>;

/** Room for the message's type, id and totals around the lists. */
const ENVELOPE_BYTES = 512;
const encoder = new TextEncoder();

/** The offer and the offer-parts that carry `files` and `dirs`, each at most `maxBytes` of JSON. */
export function offerMessages(id: string, files: FileMeta[], dirs: string[], maxBytes: number): [Offer, ...OfferPart[]] {
  const parts: { files: FileMeta[]; dirs: string[] }[] = [{ files: [], dirs: [] }];
  let used = ENVELOPE_BYTES;
  const place = (bytes: number) => {
    const part = parts[parts.length - 1]!;
    if (used + bytes > maxBytes && part.files.length + part.dirs.length > 0) {
      parts.push({ files: [], dirs: [] });
      used = ENVELOPE_BYTES;
    }
    used += bytes;
    return parts[parts.length - 1]!;
  };
  // One comma each, and the JSON of the entry as sent.
  for (const f of files) place(encoder.encode(JSON.stringify(f)).length + 1).files.push(f);
  for (const d of dirs) place(encoder.encode(JSON.stringify(d)).length + 1).dirs.push(d);
  const [first, ...rest] = parts;
  return [
    { type: "offer", id, files: first!.files, dirs: first!.dirs, totalFiles: files.length, totalDirs: dirs.length },
    ...rest.map((p): OfferPart => ({ type: "offer-part", id, files: p.files, dirs: p.dirs })),
  ];
}

/** A receiver's offer while its parts arrive; complete once the lists reach the announced totals. */
export class OfferAssembly {
  readonly files: FileMeta[];
  readonly dirs: string[];
  private totalFiles: number;
  private totalDirs: number;

  constructor(offer: Offer) {
    this.files = [...offer.files];
    this.dirs = [...offer.dirs];
    this.totalFiles = Math.min(offer.totalFiles, MAX_FILES_PER_OFFER);
    this.totalDirs = Math.min(offer.totalDirs, MAX_DIRS_PER_OFFER);
  }

  get complete() {
    return this.files.length === this.totalFiles && this.dirs.length === this.totalDirs;
  }

  /** Add a part; false when it brings more than the totals announced (the peer broke the protocol). */
  add(part: OfferPart): boolean {
    if (this.files.length + part.files.length > this.totalFiles || this.dirs.length + part.dirs.length > this.totalDirs) return false;
    for (const f of part.files) this.files.push(f);
    for (const d of part.dirs) this.dirs.push(d);
    return true;
  }
}
