// A crafted peer for end-to-end tests, built from Ferry's own engine: it speaks the real signaling and peer
// protocols, but sends whatever offer a test gives it (hostile paths included) and then the offered bytes
// with the app's own sender. Bundled by crafted-peer.ts and injected into a blank page of Ferry's origin.
import { createEngine } from "../../client/engine/engine";
import { FROM_START, streamFiles } from "../../client/engine/outgoing";
import type { PeerLink } from "../../client/engine/peer-link";
import type { PeerView } from "../../client/engine/types";

const engine = createEngine({ wsUrl: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws` });
let peers: PeerView[] = [];
engine.on("peers", (p) => (peers = p));
engine.start();

/** The engine's link to a peer; the crafted peer reaches past the engine's typed surface on purpose. */
const linkTo = (peerId: string): Promise<PeerLink> => (engine as unknown as { withLink(id: string): Promise<PeerLink> }).withLink(peerId);

async function peerNamed(name: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const p = peers.find((x) => x.name === name);
    if (p) return p.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no peer named ${name}`);
}

/**
 * Offer `files` (name → contents, with the type the sender declares) under raw names to the peer called `to`; send the bytes once it accepts.
 * Resolves with what the peer answered: "received", "declined" or a failure's fault code.
 */
async function offer(to: string, id: string, files: { name: string; text: string; type?: string }[], dirs: string[]): Promise<string> {
  const peerId = await peerNamed(to);
  const link = await linkTo(peerId);
  const blobs = files.map((f) => new File([f.text], "x"));
  return new Promise<string>((resolve) => {
    link.on("message", (m) => {
      if (m.id !== id) return;
      if (m.type === "accept") void streamFiles(link, id, blobs, FROM_START, [], () => {}, () => false);
      else if (m.type === "received" || m.type === "decline") resolve(m.type === "decline" ? "declined" : "received");
      else if (m.type === "failed") resolve(m.fault);
    });
    const raw = { type: "offer", id, files: files.map((f, i) => ({ name: f.name, size: blobs[i]!.size, type: f.type ?? "text/plain" })), dirs, totalFiles: files.length, totalDirs: dirs.length };
    link.channel.send(JSON.stringify(raw));
  });
}

/**
 * Flood the peer called `to`: `texts` as text messages, then `offers` offers of one small file each, as fast as
 * the channel takes them. Resolves with how many of each the peer refused (`busy`), and whether it closed the link.
 */
async function flood(to: string, texts: string[], offers: number, waitMs: number): Promise<{ texts: number; offers: number; closed: boolean }> {
  const link = await linkTo(await peerNamed(to));
  const refused = { texts: 0, offers: 0 };
  const expected = new Set<string>();
  link.on("message", (m) => {
    if (m.type === "busy" && expected.delete(m.id)) refused[m.what]++;
  });
  texts.forEach((text, i) => {
    expected.add(`flood-text-${i}`);
    link.channel.send(JSON.stringify({ type: "text", id: `flood-text-${i}`, text }));
  });
  for (let i = 0; i < offers; i++) {
    const id = `flood-offer-${i}`;
    expected.add(id);
    link.channel.send(JSON.stringify({ type: "offer", id, files: [{ name: `f${i}.txt`, size: 1, type: "text/plain" }], dirs: [], totalFiles: 1, totalDirs: 0 }));
  }
  // Done once everything has left and the refusals stop coming for a second (or after waitMs).
  let last = -1;
  for (const until = Date.now() + waitMs; Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = refused.texts + refused.offers;
    if (now === last && (link.isClosed || link.channel.bufferedAmount === 0)) break;
    last = now;
  }
  return { ...refused, closed: link.isClosed };
}

(window as unknown as { crafted: unknown }).crafted = { offer, flood, rename: (name: string) => engine.rename(name) };
