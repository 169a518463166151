// This machine's addresses that other devices can reach: what the start-up message suggests opening and
// what the self-signed certificate must name.
import { hostname, networkInterfaces } from "node:os";

/** Non-loopback IPv4 and IPv6 addresses; IPv6 link-local ones are left out (they need a zone, which URLs and certificates cannot carry). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !i.address.toLowerCase().startsWith("fe80:"))
    .map((i) => i!.address);
}

/** The machine's host name, and its mDNS twin, when they are valid DNS names. */
export function hostNames(): string[] {
  const name = hostname().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name)) return [];
  return name.endsWith(".local") || name.includes(".") ? [name] : [name, `${name}.local`];
}

/** An address as the host part of a URL. */
export const urlHost = (address: string) => (address.includes(":") ? `[${address}]` : address);
