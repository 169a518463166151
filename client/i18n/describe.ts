// The engine's codes in words: which entry of a language file each code and parameter picks, decided here
// once for every language.
import type { EndReason, Notice, ProofFailure } from "../engine/types";
import type { Messages } from "./en";

/** Why a transfer ended, said to this device's person; `peer` is the other device's name. */
export function describeReason(w: Messages, r: EndReason, peer: string): string {
  switch (r.code) {
    case "declined":
      return r.by === "me" ? w.reason.declinedByMe : w.reason.declinedByPeer(peer);
    case "cancelled":
      return r.by === "me" ? w.reason.cancelledByMe : w.reason.cancelledByPeer(peer);
    case "no-path":
      return r.relay ? w.reason.noPath(peer) : w.reason.noPathNoRelay(peer);
    case "server-lost":
      return r.restart ? w.reason.serverRestarted(peer) : w.reason.serverLost(peer);
    case "link-lost":
      return w.reason.linkLost(peer);
    case "peer-left":
      return w.reason.peerLeft(peer);
    case "expired":
      return w.reason.expired;
    case "peer-refused":
      return w.reason.peerRefused(peer);
    case "peer-busy":
      return w.reason.peerBusy(peer);
    case "send-failed":
      return r.detail ? w.reason.sendFailedWith(r.detail) : w.reason.sendFailed;
    case "file-fault": {
      const what = w.fault[r.fault](r.file ?? w.reason.aFile);
      return r.by === "me" ? what : w.reason.byPeer(peer, what);
    }
    default:
      return r satisfies never;
  }
}

export function describeNotice(w: Messages, n: Notice): string {
  switch (n.code) {
    case "text-too-long":
      return w.notice["text-too-long"](n.max);
    case "text-failed":
      return w.notice["text-failed"](n.peerName);
    case "text-refused":
      return w.notice["text-refused"](n.peerName);
    case "no-path":
      return w.notice["no-path"](n.peerName);
    case "too-many-files":
      return w.notice["too-many-files"](n.max);
    case "unpaired-by-peer":
      return w.notice["unpaired-by-peer"](n.peerName);
    case "room-code-invalid":
    case "room-full":
    case "room-too-many-guesses":
      return w.notice[n.code];
    default:
      return n satisfies never;
  }
}

/** Why a peer's channel proof was refused: for a paired device, always that it is not the one paired. */
export function describeRefusal(w: Messages, why: ProofFailure, peer: string, paired: boolean): string {
  if (paired) return w.refused.notPaired(peer);
  switch (why) {
    case "no-proof":
      return w.refused.noProof(peer);
    case "wrong-device":
    case "bad-signature":
    case "not-pinned-key":
      return w.refused.wrongDevice(peer);
    default:
      return why satisfies never;
  }
}
