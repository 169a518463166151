// base64url without padding (RFC 4648 §5): keys, signatures and challenges travel as JSON strings.
// btoa/atob exist in every browser context (plain-http pages too) and in Bun.

export function toBase64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of a base64url string, or null when it is not one (or not `length` bytes long). */
export function fromBase64url(text: string, length?: number): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (length !== undefined && bytes.length !== length) return null;
  // Reject non-canonical encodings (stray low bits in the last character): one value, one spelling.
  return toBase64url(bytes) === text ? bytes : null;
}
