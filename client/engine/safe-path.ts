// Relative paths offered by a peer, made safe to create inside the folder the receiver chose (or a zip).
// The peer is not trusted: a path must never climb out of the target (`..`, `/etc/x`, `C:\x`), name a device
// (`CON`, `NUL`, `COM1` open devices on Windows even with an extension), hide what it is (control and bidi
// characters), exceed what file systems store (255 bytes a name on ext4/NTFS/APFS), or overwrite another file
// of the same offer (`a.txt` vs `A.txt` on case-insensitive disks, `a/../b` vs `b`). Pure: no DOM, no I/O.

/** Bytes a segment may take in UTF-8: 255 is the common file-system limit; Chromium writes `name.crswap` first. */
export const MAX_SEGMENT_BYTES = 240;
/** A whole relative path: Linux's PATH_MAX is 4096, and the target folder's own path comes on top. */
export const MAX_PATH_BYTES = 3072;
export const MAX_DEPTH = 64;

// C0 and C1 controls, DEL; bidi marks, embeddings, overrides and isolates (a name that reads "txt.exe" backwards);
// zero-width and other invisible format characters; what Windows forbids in a name.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff<>:"|?*]/g;
// Names Windows maps to devices, with or without an extension; the superscript digits count too.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// Shortcut-like files Windows acts on by their extension (Chromium refuses to write them as well).
const SHELL_EXTENSIONS = /\.(lnk|local|scf|url)$/i;

const encoder = new TextEncoder();
const utf8Bytes = (s: string) => encoder.encode(s).length;

/** Cut `s` to at most `max` UTF-8 bytes without splitting a character. */
function cutBytes(s: string, max: number): string {
  let out = "";
  let used = 0;
  for (const ch of s) {
    used += utf8Bytes(ch);
    if (used > max) break;
    out += ch;
  }
  return out;
}

/** Shorten a name to the byte limit, keeping a short extension so the file still opens with the right program. */
function fitName(name: string, max = MAX_SEGMENT_BYTES): string {
  if (utf8Bytes(name) <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  return cutBytes(name.slice(0, name.length - ext.length), max - utf8Bytes(ext)).trimEnd() + ext;
}

/** One path segment made safe, or "" when nothing usable is left (`.`, `..`, only dots or spaces). */
export function safeSegment(raw: string): string {
  let s = raw.normalize("NFC").replace(UNSAFE, "_");
  // Windows drops trailing dots and spaces, so "a." and "a" would be one file; leading spaces hide a name.
  s = s.trim().replace(/[. ]+$/, "");
  if (s === "" || /^\.+$/.test(s)) return "";
  const stem = s.split(".")[0]!.trimEnd();
  if (RESERVED.test(stem)) s = `_${s}`;
  if (SHELL_EXTENSIONS.test(s)) s = `${s}_`;
  return fitName(s);
}

/** The safe segments of a relative path: separators are `/` and `\`, a drive letter or root is dropped. */
export function safeSegments(raw: string): string[] {
  return raw
    .split(/[/\\]+/)
    .map(safeSegment)
    .filter((s) => s !== "");
}

export type PathRefusal = { kind: "file" | "dir"; index: number; why: "too-deep" | "too-long" };

export interface SafeTree {
  /** One safe relative path per offered file, in order, `/`-separated, all different from each other. */
  files: string[];
  /** Safe empty folders to create; any that became a file's folder or repeats are left out. */
  dirs: string[];
  /** How many paths had to change to be safe or distinct. */
  renamed: number;
}

/** Case and normalisation folded: two names a case-insensitive disk would take for one. */
const keyOf = (path: string) => path.toLowerCase();

/** "photo.jpg" → "photo (2).jpg": a free name in the same folder, within the byte limit. */
export function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  const suffix = ` (${n})${ext}`;
  return cutBytes(stem, MAX_SEGMENT_BYTES - utf8Bytes(suffix)).trimEnd() + suffix;
}

/**
 * Make every path of an offer safe and distinct. A file with no usable name is called "unnamed". A path that
 * is still too deep or too long once cleaned is refused rather than silently flattened.
 */
export function safeTree(files: readonly string[], dirs: readonly string[] = []): SafeTree | PathRefusal {
  const cleaned: string[][] = [];
  let renamed = 0;
  for (const [index, raw] of files.entries()) {
    const segs = safeSegments(raw);
    if (segs.length === 0) segs.push("unnamed");
    const refusal = tooBig(segs);
    if (refusal) return { kind: "file", index, why: refusal };
    cleaned.push(segs);
  }
  // Folders first: a file may not take a name that a folder of the same offer needs.
  const folders = new Set<string>();
  const addFolders = (segs: string[], upTo: number) => {
    for (let i = 1; i <= upTo; i++) folders.add(keyOf(segs.slice(0, i).join("/")));
  };
  for (const segs of cleaned) addFolders(segs, segs.length - 1);
  const safeDirs: string[] = [];
  for (const [index, raw] of dirs.entries()) {
    const segs = safeSegments(raw);
    const path = segs.join("/");
    if (path !== raw) renamed++;
    if (segs.length === 0) continue;
    const refusal = tooBig(segs);
    if (refusal) return { kind: "dir", index, why: refusal };
    if (!folders.has(keyOf(path))) safeDirs.push(path);
    addFolders(segs, segs.length);
  }
  const taken = new Set<string>();
  // The next number to try per clashing name, so a thousand "IMG.jpg" cost a thousand steps, not a million.
  const nextNumber = new Map<string, number>();
  const safeFiles = cleaned.map((segs, index) => {
    const dir = segs.slice(0, -1).join("/");
    const name = segs[segs.length - 1]!;
    const within = (n: string) => (dir ? `${dir}/${n}` : n);
    const wanted = within(name);
    let path = wanted;
    for (let n = nextNumber.get(keyOf(wanted)) ?? 2; taken.has(keyOf(path)) || folders.has(keyOf(path)); n++) {
      path = within(numbered(name, n));
      nextNumber.set(keyOf(wanted), n + 1);
    }
    taken.add(keyOf(path));
    if (path !== files[index]) renamed++;
    return path;
  });
  return { files: safeFiles, dirs: safeDirs, renamed };
}

function tooBig(segs: string[]): PathRefusal["why"] | null {
  if (segs.length > MAX_DEPTH) return "too-deep";
  return utf8Bytes(segs.join("/")) > MAX_PATH_BYTES ? "too-long" : null;
}

export const isRefusal = (t: SafeTree | PathRefusal): t is PathRefusal => "why" in t;
