// Throttles for every attempt at a pair or room code (the arithmetic is in codes.ts).
import { formatIp, parseIp } from "./cidr";
import type { Store } from "./store/types";

export const GUESS_LIMITS = {
  connection: { burst: 5, perMinute: 3 },
  address: { burst: 10, perMinute: 1 },
  server: { burst: 100, perMinute: 100 },
} as const;

/** The key an address is throttled by: an IPv4 address itself, an IPv6 address by its /64 (one home network). */
export function throttleKeyFor(address: string): string {
  const ip = parseIp(address);
  if (!ip) return `?${address.slice(0, 64)}`;
  if (ip.length === 4) return formatIp(ip);
  const prefix = new Uint8Array(16);
  prefix.set(ip.subarray(0, 8));
  return `${formatIp(prefix)}/64`;
}

/** May this connection try a code now? Takes a token from its own, its address's and the server's bucket. */
export async function mayGuess(store: Store, conn: string, address: string, kind: "pair" | "room"): Promise<boolean> {
  const { connection, address: addr, server } = GUESS_LIMITS;
  // Cheapest first; a refusal by one does not spend the others.
  return (
    (await store.take(`guess:${kind}:conn:${conn}`, connection.burst, connection.perMinute)) &&
    (await store.take(`guess:${kind}:addr:${throttleKeyFor(address)}`, addr.burst, addr.perMinute)) &&
    (await store.take(`guess:${kind}:server`, server.burst, server.perMinute))
  );
}
