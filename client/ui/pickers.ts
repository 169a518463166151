// The File System Access pickers (Chromium on desktops, secure pages only): where they exist, the receiver
// chooses where files go. Elsewhere these return null and files are saved the usual way.
import type { SaveTarget } from "../engine/save-target";

type Pickers = {
  showDirectoryPicker?: (opts: { mode: "readwrite"; id?: string }) => Promise<FileSystemDirectoryHandle>;
  showSaveFilePicker?: (opts: { suggestedName: string; id?: string }) => Promise<FileSystemFileHandle>;
};
const pickers = () => window as unknown as Pickers;

/** Whether this browser lets a page write into a folder or file the person picks. */
export const canChooseWhere = () => window.isSecureContext && typeof pickers().showDirectoryPicker === "function" && typeof pickers().showSaveFilePicker === "function";

/** Null when the person closed the picker without choosing. */
async function picked<T>(pick: () => Promise<T>): Promise<T | null> {
  try {
    return await pick();
  } catch (err) {
    if ((err as DOMException).name === "AbortError") return null;
    throw err;
  }
}

/** A folder for several files, a file (named as sent) for one. */
export function chooseTarget(files: { name: string }[]): Promise<SaveTarget | null> {
  const p = pickers();
  if (files.length === 1 && !files[0]!.name.includes("/"))
    return picked(() => p.showSaveFilePicker!({ suggestedName: files[0]!.name, id: "ferry-receive" })).then((file) => file && { kind: "file", file });
  return picked(() => p.showDirectoryPicker!({ mode: "readwrite", id: "ferry-receive" })).then((dir) => dir && { kind: "dir", dir });
}

export const chooseZipFile = (suggestedName: string) => picked(() => pickers().showSaveFilePicker!({ suggestedName, id: "ferry-zip" }));
