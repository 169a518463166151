// The address other devices should open. A page opened as localhost asks the server for this machine's
// network addresses (answered to loopback only) and builds the same URL on the first IPv4 one.
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

export const isLoopbackPage = () => LOOPBACK.test(location.hostname);

/**
 * The address, or null when this machine has no network address to give. Throws when the server could not be
 * asked (it is restarting, the network is down): that says nothing about the page, so no warning follows.
 */
export async function shareableUrl(): Promise<string | null> {
  const here = location.origin + location.pathname;
  if (!isLoopbackPage()) return here;
  const res = await fetch("/api/lan-addresses");
  if (!res.ok) throw new Error(`lan-addresses: ${res.status}`);
  const { addresses } = (await res.json()) as { addresses: string[] };
  const pick = addresses.find((a) => !a.includes(":")) ?? addresses[0];
  if (!pick) return null;
  const host = pick.includes(":") ? `[${pick}]` : pick;
  return `${location.protocol}//${host}${location.port ? `:${location.port}` : ""}${location.pathname}`;
}

/**
 * For a link inside a dialog (pairing, room): the address, or null while the server cannot be asked. A throw
 * there would reach the dialog's resource and take the whole dialog (its code and buttons) down with it.
 */
export const linkBase = (): Promise<string | null> =>
  shareableUrl().catch((err: Error) => {
    console.info("ferry: no address for the link yet:", err.message);
    return null;
  });
