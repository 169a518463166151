// Ferry's service worker (secure contexts only; client/ui/service-worker.ts registers it). Three jobs:
// 1. The app shell offline: the build's files, listed into SHELL by vite.config.ts, are cached at install.
//    Pages come from the network first and from the cache only when it fails, so an online page is always
//    the newest version; a new build changes this file (its SHELL), so the browser installs it, it takes
//    over at once and drops the old cache. Nobody stays on an old version.
// 2. Never in the way of live traffic: /ws, /api and /healthz, and anything not a GET of this origin, go
//    straight to the network, uncached.
// 3. The Web Share Target: the OS POSTs shared files and text to /share; they are kept in a cache for the
//    page, which /?shared=ID opens in "Send to…" (client/ui/shared-inbox.ts).
// It imports nothing: the build emits it as one classic script at /sw.js. The project's type check sees the
// DOM's types, not a worker's, so the few worker types used here are declared below.
export {};

interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<{ focus(): Promise<unknown> }[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
  addEventListener(type: "notificationclick", listener: (event: NotificationEvent) => void): void;
}
const worker = self as unknown as WorkerScope;
/** Replaced by the build with the list of the app shell's files. */
declare const __FERRY_SHELL__: string[];

const SHELL = ["/", ...__FERRY_SHELL__];
const SHELL_CACHE = `ferry-shell-${hash(SHELL.join("\n"))}`;
const SHARE_CACHE = "ferry-share";
const LIVE = /^\/(ws|api|healthz)(\/|$)/;

/** A short stable name for a list (FNV-1a); a new build's list gets a new cache. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

worker.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("ferry-shell-") && n !== SHELL_CACHE).map((n) => caches.delete(n))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== worker.location.origin || LIVE.test(url.pathname)) return;
  if (event.request.method === "POST" && url.pathname === "/share") return event.respondWith(receiveShare(event.request));
  if (event.request.method !== "GET") return;
  if (event.request.mode === "navigate") return event.respondWith(pageFromNetworkFirst(event.request));
  if (SHELL.includes(url.pathname)) event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(event.request)));
});

async function pageFromNetworkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await caches.match("/");
    if (shell) return shell;
    throw err;
  }
}

/** Keeps what was shared (only the latest share: an unread older one goes) and opens the page on it. */
async function receiveShare(request: Request): Promise<Response> {
  const form = await request.formData();
  const files = form.getAll("files").filter((f): f is File => f instanceof File && f.name !== "");
  const text = ["title", "text", "url"]
    .map((k) => form.get(k))
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .join("\n");
  const id = hash(`${Date.now()}-${Math.random()}`);
  await caches.delete(SHARE_CACHE);
  const cache = await caches.open(SHARE_CACHE);
  await Promise.all(
    files.map((f, i) =>
      cache.put(`/shared/${id}/${i}`, new Response(f, { headers: { "content-type": f.type || "application/octet-stream", "x-file-name": encodeURIComponent(f.name) } })),
    ),
  );
  if (text) await cache.put(`/shared/${id}/text`, new Response(text, { headers: { "content-type": "text/plain; charset=utf-8" } }));
  return Response.redirect(`/?shared=${id}`, 303);
}

// A notification's click brings Ferry's tab forward (or opens one).
worker.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    worker.clients.matchAll({ type: "window", includeUncontrolled: true }).then((tabs) => (tabs[0] ? tabs[0].focus() : worker.clients.openWindow("/")).then(() => undefined)),
  );
});
