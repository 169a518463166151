// What a person picked or dropped, as a Selection: files with their paths relative to what was chosen, and the
// empty folders among them (a folder picked with <input webkitdirectory> lists only files; a dropped one is walked).
import type { Selection } from "../engine/types";

/** Files from an <input type=file>; with webkitdirectory each carries its path below the picked folder. */
export function selectionOfFiles(files: Iterable<File>): Selection {
  return { files: [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name })), dirs: [] };
}

/**
 * Files and folders dropped on the page. The entries must be taken while the drop event runs (the browser
 * empties the DataTransfer afterwards); the walk continues after it. `webkitGetAsEntry` exists in every
 * browser (getAsFileSystemHandle only in Chromium), and gives the folders' contents without a permission prompt.
 */
export function selectionOfDrop(data: DataTransfer): Promise<Selection> {
  const items = [...data.items].filter((i) => i.kind === "file");
  const taken = items.map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const out: Selection = { files: [], dirs: [] };
    for (const { entry, file } of taken) {
      // Files a page made itself (and some browsers' files) have no entry: they are plain files.
      if (entry) await walk(entry, "", out);
      else if (file) out.files.push({ file, path: file.name });
    }
    return out;
  })();
}

async function walk(entry: FileSystemEntry, parent: string, out: Selection): Promise<void> {
  const path = parent + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.files.push({ file, path });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  let empty = true;
  // readEntries answers in batches (100 in Chromium) until it answers with none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    empty = false;
    for (const child of batch) await walk(child, `${path}/`, out);
  }
  if (empty) out.dirs.push(path);
}
