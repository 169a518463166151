// Keep the screen on while a transfer needs this page: phones lock and freeze background tabs, which stalls
// the DataChannel. The Screen Wake Lock API exists only in secure contexts, and the browser drops the lock
// whenever the page is hidden, so it is taken again each time the page becomes visible.
import { createEffect, onCleanup } from "solid-js";

export function holdWakeLockWhile(active: () => boolean) {
  const api = window.isSecureContext && "wakeLock" in navigator ? navigator.wakeLock : null;
  if (!api) return;
  let sentinel: WakeLockSentinel | null = null;
  let wanted = false;

  const take = async () => {
    if (!wanted || document.visibilityState !== "visible" || (sentinel && !sentinel.released)) return;
    try {
      sentinel = await api.request("screen");
      // Released while we were waiting for it: let it go again.
      if (!wanted) await sentinel.release();
    } catch (err) {
      // Refused (battery saver, permission policy): transfers still run, the screen may lock.
      console.info("ferry: no screen wake lock", err);
    }
  };
  const release = () => {
    const s = sentinel;
    sentinel = null;
    if (s && !s.released) void s.release();
  };

  const onVisible = () => void take();
  document.addEventListener("visibilitychange", onVisible);
  onCleanup(() => {
    document.removeEventListener("visibilitychange", onVisible);
    wanted = false;
    release();
  });
  createEffect(() => {
    wanted = active();
    if (wanted) void take();
    else release();
  });
}
