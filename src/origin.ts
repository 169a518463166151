// Which pages may open the signaling socket. Browsers send Origin on every WebSocket handshake, and a
// page of another site must not join a room, read its peer list, take a TURN credential or rename
// itself there (cross-site WebSocket hijacking). Tools without a browser send no Origin and pass.

/**
 * Is a handshake with this Origin header from one of our own pages? Our origin is scheme + Host as the
 * browser reached us: `schemes` holds the schemes that can be (https behind a proxy that ends TLS, too).
 * `extra` are further allowed origins as URL.origin spells them.
 */
export function originAllowed(origin: string | null, host: string | null, schemes: readonly ("http" | "https")[], extra: readonly string[]): boolean {
  if (origin === null) return true;
  if (!URL.canParse(origin)) return false;
  const theirs = new URL(origin).origin; // lower-cased, default port dropped
  if (extra.includes(theirs)) return true;
  if (!host) return false;
  return schemes.some((scheme) => URL.canParse(`${scheme}://${host}`) && new URL(`${scheme}://${host}`).origin === theirs);
}
