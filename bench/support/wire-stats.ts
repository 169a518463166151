// What crossed the wire during a run, from WebRTC's own counters: UDP packets and bytes, and data-channel
// messages, summed over every RTCPeerConnection a page made. It tells work per byte (packet size, messages,
// retransmissions) apart from the cost of each packet, which the CPU figures alone cannot.
import type { BrowserContext, Page } from "@playwright/test";
import { readFileSync } from "node:fs";

export interface WireCounts {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  messagesSent: number;
  messagesReceived: number;
}

interface StatsWindow {
  __benchPcs: RTCPeerConnection[];
}

/** Keep every RTCPeerConnection the pages of `context` make, for wireCounts(); the page's code sees no change. */
export function capturePeerConnections(context: BrowserContext) {
  return context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as StatsWindow).__benchPcs = pcs;
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        pcs.push(this);
      }
    };
  });
}

/** Each connection's counters so far, in the order the connections were made. */
export function wireCounts(page: Page): Promise<WireCounts[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as StatsWindow).__benchPcs ?? [];
    return Promise.all(
      pcs.map(async (pc) => {
        const c = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0 };
        if (pc.connectionState === "closed") return c;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          const n = (k: string) => (typeof s[k] === "number" ? (s[k] as number) : 0);
          if (s.type === "transport") {
            c.packetsSent += n("packetsSent");
            c.packetsReceived += n("packetsReceived");
            c.bytesSent += n("bytesSent");
            c.bytesReceived += n("bytesReceived");
          } else if (s.type === "data-channel") {
            c.messagesSent += n("messagesSent");
            c.messagesReceived += n("messagesReceived");
          }
        });
        return c;
      }),
    );
  });
}

/** What changed from `before` to `after`; connections made in between count from zero. */
export function wireDelta(before: WireCounts[], after: WireCounts[]): WireCounts {
  const total: WireCounts = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0 };
  after.forEach((a, i) => {
    const b = before[i];
    for (const k of Object.keys(total) as (keyof WireCounts)[]) total[k] += Math.max(0, a[k] - (b?.[k] ?? 0));
  });
  return total;
}

/**
 * UDP datagrams this network namespace dropped because a socket's receive buffer was full (/proc/net/snmp
 * RcvbufErrors): on loopback, every SCTP packet lost is one of these. null where /proc is absent.
 */
export function udpReceiveDrops(): number | null {
  try {
    const lines = readFileSync("/proc/net/snmp", "utf8").split("\n").filter((l) => l.startsWith("Udp: "));
    const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
    const at = names?.indexOf("RcvbufErrors") ?? -1;
    return at >= 0 && values ? Number(values[at]) : null;
  } catch {
    return null;
  }
}
