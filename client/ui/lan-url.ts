// The address other devices should open. A page opened as localhost asks the server for this machine's
// network addresses (answered to loopback only) and builds the same URL on the first IPv4 one.
const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/;

export const isLoopbackPage = () => LOOPBACK.test(location.hostname);

export async function shareableUrl(): Promise<string | null> {
  const here = location.origin + location.pathname;
  if (!isLoopbackPage()) return here;
  try {
    const res = await fetch("/api/lan-addresses");
    if (!res.ok) return null;
    const { addresses } = (await res.json()) as { addresses: string[] };
    const pick = addresses.find((a) => !a.includes(":")) ?? addresses[0];
    if (!pick) return null;
    const host = pick.includes(":") ? `[${pick}]` : pick;
    return `${location.protocol}//${host}${location.port ? `:${location.port}` : ""}${location.pathname}`;
  } catch (err) {
    console.info("ferry: could not learn this machine's network address", err);
    return null;
  }
}
