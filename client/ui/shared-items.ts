// What a person pasted, dropped on the page or shared from another app, as one thing to send: files (with
// their folders) or a text. Files win over text: a file manager's copy also carries the names as text.
import type { Selection } from "../engine/types";
import { selectionOfDrop, selectionOfFiles } from "./pick";

export type Shared = { kind: "files"; selection: Selection } | { kind: "text"; text: string };

/** From files and a text, whichever is there; null when neither is. */
export function sharedOf(files: Iterable<File>, text: string): Shared | null {
  const selection = selectionOfFiles(files);
  if (selection.files.length > 0) return { kind: "files", selection };
  return text.trim() ? { kind: "text", text } : null;
}

/** A paste event's clipboard. */
export const sharedOfPaste = (data: DataTransfer): Shared | null => sharedOf(data.files, data.getData("text/plain"));

/** A drop on the page: files and folders walked like a drop on a tile, else the dragged text or link. */
export async function sharedOfDrop(data: DataTransfer): Promise<Shared | null> {
  const text = data.getData("text/plain") || data.getData("text/uri-list");
  if (!data.types.includes("Files")) return sharedOf([], text);
  const selection = await selectionOfDrop(data);
  return selection.files.length > 0 || selection.dirs.length > 0 ? { kind: "files", selection } : null;
}

/** The image files among the shared ones, for thumbnails (at most `max`). */
export const imagesOf = (shared: Shared, max: number): File[] =>
  shared.kind === "files" ? shared.selection.files.map((f) => f.file).filter(isImage).slice(0, max) : [];

/** Raster images a browser draws in an <img>; large ones are left out, since a thumbnail decodes the whole image. */
export const isImage = (f: { type: string; size: number }) => /^image\/(png|jpeg|gif|webp|avif|bmp)$/.test(f.type) && f.size <= 40_000_000;
