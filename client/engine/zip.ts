// Every file of a transfer as one zip, streamed: client-zip (pinned) reads each stored file as the zip is
// consumed, so neither the files nor the zip are ever held in memory whole. Zip64 past 4 GiB.
import { makeZip } from "client-zip";
import type { ReceivedFile } from "./types";

/** Entries are the transfer's safe relative paths, and its empty folders as folder entries. */
export function zipOf(files: readonly ReceivedFile[], dirs: readonly string[]): ReadableStream<Uint8Array> {
  function* entries() {
    for (const dir of dirs) yield { name: `${dir}/` };
    for (const f of files) yield { name: f.name, input: f.blob, size: f.size };
  }
  return makeZip(entries());
}

/** "Photos.zip" for a transfer of one folder, else "Ferry <first file>.zip". */
export function zipName(files: readonly ReceivedFile[]): string {
  const tops = new Set(files.map((f) => f.name.split("/")[0]));
  const [only] = tops;
  const first = files[0]?.name ?? "files";
  const stem = tops.size === 1 && only !== first ? only! : `Ferry ${first.split("/")[0]!.replace(/\.[^.]*$/, "")}`;
  return `${stem}.zip`;
}
