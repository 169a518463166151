// The receiver's "choose where" pickers in headless Chromium: only the picker calls are stubbed, and they return
// real handles into the page's origin-private file system (on disk with a persistent profile), so every write is
// real. Reading back walks the same handles.
import type { Page } from "@playwright/test";

export interface Tree {
  /** Relative path → SHA-256 (hex). */
  files: Record<string, string>;
  /** Folders with nothing in them. */
  emptyDirs: string[];
}

/** showDirectoryPicker gives the folder `chosen`, showSaveFilePicker a file named as suggested in `saved`. */
export async function stubPickers(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const root = () => navigator.storage.getDirectory();
    w.showDirectoryPicker = async () => (await root()).getDirectoryHandle("chosen", { create: true });
    w.showSaveFilePicker = async (o: { suggestedName: string }) => (await (await root()).getDirectoryHandle("saved", { create: true })).getFileHandle(o.suggestedName, { create: true });
  });
}

/** Every file below OPFS folder `dir` with its SHA-256, and the empty folders. */
export function readTree(page: Page, dir: string): Promise<Tree> {
  return page.evaluate(async (dir) => {
    const out: Tree = { files: {}, emptyDirs: [] };
    const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
    const walk = async (handle: FileSystemDirectoryHandle, prefix: string) => {
      let empty = true;
      for await (const [name, child] of (handle as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        empty = false;
        if (child.kind === "directory") await walk(child as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else out.files[prefix + name] = hex(await crypto.subtle.digest("SHA-256", await (await (child as FileSystemFileHandle).getFile()).arrayBuffer()));
      }
      if (empty && prefix) out.emptyDirs.push(prefix.slice(0, -1));
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(dir), "");
    return out;
  }, dir);
}

/** The bytes of OPFS file `dir/name`, brought out in slices (a DevTools message has its limits). */
export async function readFile(page: Page, dir: string, name: string): Promise<Buffer> {
  const SLICE = 16 * 1024 * 1024;
  const parts: Buffer[] = [];
  for (let at = 0; ; at += SLICE) {
    const b64 = await page.evaluate(
      async ({ dir, name, at, SLICE }) => {
        const file = await (await (await (await navigator.storage.getDirectory()).getDirectoryHandle(dir)).getFileHandle(name)).getFile();
        if (at >= file.size) return null;
        const url = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as string);
          reader.onerror = () => reject(reader.error);
          reader.readAsDataURL(file.slice(at, at + SLICE));
        });
        return url.slice(url.indexOf(",") + 1);
      },
      { dir, name, at, SLICE },
    );
    if (b64 === null) return Buffer.concat(parts);
    parts.push(Buffer.from(b64, "base64"));
  }
}
