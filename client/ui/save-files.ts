// Saving what a transfer received: one file as a download, several as one zip streamed to disk, into a file
// the person picks where the browser allows it (Chromium on desktops), else as a normal download.
import type { ReceivedFile, TransferView } from "../engine/types";
import { zipName, zipOf } from "../engine/zip";
import { canChooseWhere, chooseZipFile } from "./pickers";

function download(url: string, name: string) {
  Object.assign(document.createElement("a"), { href: url, download: name }).click();
}

/** `ask`: let the person pick the zip's place (a picker needs a click of theirs, so not when saving by itself). */
export async function saveZip(t: TransferView, ask: boolean): Promise<boolean> {
  const name = zipName(t.received);
  const zip = () => zipOf(t.received, t.dirs);
  if (ask && canChooseWhere()) {
    const file = await chooseZipFile(name);
    if (!file) return false;
    await zip().pipeTo(await file.createWritable());
    return true;
  }
  // No picker (Firefox, Safari, phones): a Blob of the zip, downloaded. Firefox keeps a Blob read from a
  // response in a temporary file once it passes 1 MiB, and Chromium spills large Blobs to disk, so this too
  // stays out of memory.
  const url = URL.createObjectURL(await new Response(zip()).blob());
  download(url, name);
  // The download holds its own reference once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}

/** The last segment of a received file's path: what a download may be called. */
const baseName = (f: ReceivedFile) => f.name.slice(f.name.lastIndexOf("/") + 1);

/** A transfer accepted without asking, now done: save it as a person pressing Save would, without a picker. */
export async function saveWithoutAsking(t: TransferView) {
  if (t.savedTo) return; // Already written into the folder or file the person chose.
  const tree = t.files.length > 1 || t.dirs.length > 0 || t.files[0]?.name.includes("/");
  if (tree) await saveZip(t, false);
  else if (t.received[0]) download(t.received[0].url, baseName(t.received[0]));
}
