// crypto.randomUUID() exists only in secure contexts, and Ferry is mostly opened over plain http:// on a LAN.
// getRandomValues works in every context.
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
