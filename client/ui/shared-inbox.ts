// What another app shared into Ferry: the service worker (client/sw.ts) kept it in a cache and opened
// /?shared=ID; here it becomes a Shared for "Send to…". The cache stays until the next visit without a share
// (or the next share), because a transfer may still be reading the files from it.
import { sharedOf, type Shared } from "./shared-items";

const SHARE_CACHE = "ferry-share";

export async function takeShared(): Promise<Shared | null> {
  if (!("caches" in window)) return null;
  const id = new URLSearchParams(location.search).get("shared");
  if (!id) {
    await caches.delete(SHARE_CACHE);
    return null;
  }
  // A reload must not offer the same share again.
  history.replaceState(null, "", location.pathname);
  const cache = await caches.open(SHARE_CACHE);
  const prefix = `/shared/${id}/`;
  const entries = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.startsWith(prefix));
  const files: File[] = [];
  let text = "";
  for (const path of entries.sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))) {
    const res = await cache.match(path);
    if (!res) continue;
    if (path.endsWith("/text")) text = await res.text();
    else files.push(new File([await res.blob()], decodeURIComponent(res.headers.get("x-file-name") ?? "shared"), { type: res.headers.get("content-type") ?? "" }));
  }
  return sharedOf(files, text);
}
