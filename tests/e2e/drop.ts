// Drop real files and folders from disk on an element, as a person dragging them from a file manager would:
// Chromium's DevTools drag events carry real paths, so the page sees real entries, folders and empty ones included.
import type { Locator } from "@playwright/test";

/** `at` is the point in the target's box, from its top left corner; its centre when left out. */
export async function dropPaths(target: Locator, paths: string[], at?: { x: number; y: number }) {
  const page = target.page();
  const box = await target.boundingBox();
  if (!box) throw new Error("the drop target is not visible");
  const cdp = await page.context().newCDPSession(page);
  const point = { x: box.x + (at?.x ?? box.width / 2), y: box.y + (at?.y ?? box.height / 2) };
  // dragOperationsMask 1 = copy.
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver", "drop"] as const) await cdp.send("Input.dispatchDragEvent", { type, ...point, data });
  await cdp.detach();
}
