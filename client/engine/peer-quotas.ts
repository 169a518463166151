// What one peer may make this page hold or show, so that no peer can freeze the device it sends to: offers
// waiting for an answer (each is a prompt and a card), and texts (each is laid out in the activity). The
// excess is refused with a `busy` message, which the sender's page turns into words; nothing of it is shown
// here. A peer that keeps sending past its quota is flooding: after MAX_REFUSALS_PER_LINK refusals its link is
// closed, so the rest of a flood is never even read (a new link costs it a signaling round and a proof).
import { takeToken, type Bucket } from "../../src/token-bucket";

/** Offers from one peer waiting for this person's answer: a few batches sent in a row fit. */
export const MAX_PENDING_OFFERS_PER_PEER = 10;
/** Texts from one peer: a burst of 10, then one a second. */
export const TEXT_BURST = 10;
export const TEXTS_PER_MINUTE = 60;
/** Refusals one link may earn before it is closed as a flood. */
export const MAX_REFUSALS_PER_LINK = 100;

export class PeerQuotas {
  private texts = new Map<string, Bucket>();
  private refusals = new Map<string, number>();

  /** May `peerId`, with `pending` offers already waiting, make another? */
  mayOffer(pending: number): boolean {
    return pending < MAX_PENDING_OFFERS_PER_PEER;
  }

  /** May `peerId` show another text now? Counts it when so. */
  mayText(peerId: string, now = Date.now()): boolean {
    const r = takeToken(this.texts.get(peerId), now, TEXT_BURST, TEXTS_PER_MINUTE);
    this.texts.set(peerId, r.bucket);
    return r.ok;
  }

  /** One more refusal for `peerId`; true when that makes its link a flood to close. */
  refused(peerId: string): boolean {
    const n = (this.refusals.get(peerId) ?? 0) + 1;
    this.refusals.set(peerId, n);
    return n >= MAX_REFUSALS_PER_LINK;
  }

  /** The peer's link is gone: its rate starts afresh with the next link (a new link costs a signaling round). */
  forget(peerId: string) {
    this.texts.delete(peerId);
    this.refusals.delete(peerId);
  }
}
