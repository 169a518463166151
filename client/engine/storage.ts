// Where received files will be kept on this page, for the prompt to warn before a file may not fit.
import { receivedDb } from "./idb-sink";

/**
 * Above this, a file kept in memory may not fit: Chromium holds in-memory Blobs in its browser process (and
 * refuses past about 2 GiB on desktops, far less on phones); the receiver is warned before accepting.
 */
export const MEMORY_SAFE_BYTES = 500 * 1000 * 1000;

/**
 * On disk (OPFS in a secure context, else IndexedDB), or in memory when neither works. Per browser this keeps
 * memory flat: Chromium, Firefox and Safari have OPFS with synchronous handles in workers, and a download of an
 * OPFS file streams from disk. A service worker streaming into a download is not used: the page would pump
 * bytes to it while nothing slows the sender when the disk is slower than the network, so bytes would gather
 * in memory; OPFS keeps them on disk at the cost of the Save step.
 */
export async function receiveStorage(): Promise<"disk" | "memory"> {
  if (hasOpfs()) return "disk";
  return (await receivedDb()) ? "disk" : "memory";
}

/** Origin-private storage, where a partial file outlives the page (so a reload can resume it). */
export const hasOpfs = () => globalThis.isSecureContext === true && "getDirectory" in (globalThis.navigator?.storage ?? {});
