/// <reference types="vite/client" />
// The service worker (client/sw.ts) registers only where browsers allow one: secure contexts (HTTPS,
// localhost). Over plain HTTP on a LAN there is none, and nothing else depends on it.

export function registerServiceWorker(): void {
  // Vite's dev server does not build the worker; the built app does.
  if (import.meta.env.DEV || !window.isSecureContext || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").catch((err: unknown) => console.warn("ferry: the service worker did not register; Ferry works without it", err));
}

/** The registration of the worker that controls this page, if one does: for notifications that also work on Android. */
export async function activeRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return null;
  return navigator.serviceWorker.ready;
}
