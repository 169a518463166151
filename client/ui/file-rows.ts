// A transfer's files as rows to show: each top-level folder as one row ("Photos/ — 2,143 files, 8.1 GB"),
// loose files one row each. Pure, so a list of thousands of files is summed once, not rendered.
import type { FileMeta } from "../engine/types";

export type FileRow =
  | { kind: "file"; index: number; file: FileMeta }
  | { kind: "folder"; name: string; files: number; bytes: number; emptyDirs: number };

type FolderRow = Extract<FileRow, { kind: "folder" }>;

export function fileRows(files: readonly FileMeta[], dirs: readonly string[]): FileRow[] {
  const rows: FileRow[] = [];
  const folders = new Map<string, FolderRow>();
  const folder = (name: string) => {
    let row = folders.get(name);
    if (!row) {
      row = { kind: "folder", name, files: 0, bytes: 0, emptyDirs: 0 };
      folders.set(name, row);
      rows.push(row);
    }
    return row;
  };
  files.forEach((file, index) => {
    const slash = file.name.indexOf("/");
    if (slash < 0) return rows.push({ kind: "file", index, file });
    const row = folder(file.name.slice(0, slash));
    row.files++;
    row.bytes += file.size;
  });
  for (const dir of dirs) {
    const slash = dir.indexOf("/");
    const row = folder(slash < 0 ? dir : dir.slice(0, slash));
    // An empty top folder is its own row; empty folders below it are counted in it.
    if (slash >= 0) row.emptyDirs++;
  }
  return rows;
}

/** The base name of a relative path, as a download is called. */
export const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
