// How many relay allocations a client may hold (RFC 8656 §7.2: 486 Allocation Quota Reached), and a
// warning when the relay port pool runs low. Pure bookkeeping over the relay's own tables.
//
// Allocations are counted per client address and per credential owner (the peer id in the TURN REST
// username): one credential used from many source addresses (a device with several interfaces, or
// someone spraying from a /64) must not take every relay port and starve the next device.
import { credentialOwner } from "./credentials";

export interface AllocationHolder {
  /** The client's IP address as the relay sees it. */
  client: string;
  /** The TURN username it authenticated with. */
  username: string;
}

export interface QuotaLimits {
  perAddress: number;
  perCredential: number;
}

export type QuotaVerdict = { ok: true } | { ok: false; reason: "address" | "credential" };

/** May `next` hold one more allocation, given those live and being set up? */
export function allocationVerdict(held: Iterable<AllocationHolder>, next: AllocationHolder, limits: QuotaLimits): QuotaVerdict {
  const owner = credentialOwner(next.username);
  let byAddress = 0;
  let byOwner = 0;
  for (const h of held) {
    if (h.client === next.client) byAddress++;
    if (credentialOwner(h.username) === owner) byOwner++;
  }
  if (byAddress >= limits.perAddress) return { ok: false, reason: "address" };
  if (byOwner >= limits.perCredential) return { ok: false, reason: "credential" };
  return { ok: true };
}

/**
 * Warns once when the allocations in use reach 90% of the port pool, and again only after use fell
 * below 75%: an operator sees the pool filling without one line per allocation.
 */
export function poolWatch(poolSize: number, warn: (used: number, poolSize: number) => void): (used: number) => void {
  const high = Math.max(1, Math.ceil(poolSize * 0.9));
  const low = Math.floor(poolSize * 0.75);
  let warned = false;
  return (used) => {
    if (!warned && used >= high) {
      warned = true;
      warn(used, poolSize);
    } else if (warned && used < low) warned = false;
  };
}
