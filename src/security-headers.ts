// Headers every response carries (pages, assets, API, health, errors): a page of Ferry's origin runs
// only Ferry's own code, talks only to its own server, cannot be framed, and asks for no sensor.

/** Features Ferry never uses, switched off for its pages and anything they embed. */
const PERMISSIONS_POLICY = ["accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb"]
  .map((f) => `${f}=()`)
  .join(", ");

// connect-src 'self' covers the signaling socket: CSP Level 3 matches ws:/wss: of the page's own host
// and port to 'self' (Chromium and Firefox both; the e2e tests connect under this policy).
// 'wasm-unsafe-eval' lets hash-wasm compile its SHA-256 on pages without crypto.subtle (plain-http LAN pages);
// it allows WebAssembly only, not eval().
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(opts: { tls: boolean }): Record<string, string> {
  return {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    // Browsers ignore HSTS on IP addresses and on certificates they warned about (RFC 6797 §8.1), so a
    // self-signed LAN box stays reachable; a real certificate gets a year of HTTPS-only.
    ...(opts.tls ? { "strict-transport-security": "max-age=31536000" } : {}),
  };
}

/** The same response with the security headers added. */
export function withSecurityHeaders(res: Response, opts: { tls: boolean }): Response {
  for (const [k, v] of Object.entries(securityHeaders(opts))) res.headers.set(k, v);
  return res;
}
