// The type a received file is stored and offered under. A blob: URL has Ferry's origin, so a received file
// opened in a tab (its Save link, a thumbnail's address) runs in Ferry's origin if its type is active: a
// sender's text/html or image/svg+xml would run the sender's script beside the device key and the other
// transfers' files. Only types a browser shows without running anything keep their type; everything else is
// application/octet-stream, which a tab downloads instead of showing. The sender's type stays in the file's
// metadata, shown as information only.
//
// In: raster images (decoded, never scripted; SVG is a document and is out), audio and video in the common
// containers (played by the media element), and text/plain (shown as text: browsers sniff a text/plain blob
// only to tell binary from text, never into HTML). Out: HTML, XHTML, XML, SVG, PDF (a viewer with its own
// scripting), JavaScript, and every type nobody listed here.
const PASSIVE = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/webm",
  "audio/flac",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/quicktime",
  "text/plain",
]);

export const OPAQUE_TYPE = "application/octet-stream";

/** The type to store a received file under, from the one its sender declared. */
export function storedType(declared: string): string {
  // Parameters (charset…) are dropped: "text/plain; charset=x" stays text/plain, and nothing else is kept.
  const essence = declared.split(";", 1)[0]!.trim().toLowerCase();
  return PASSIVE.has(essence) ? essence : OPAQUE_TYPE;
}
