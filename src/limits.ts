// Bounds on what clients can make the signaling server hold or do: connections in total, per client
// address and per room, and rates. Pure bookkeeping: no Bun, no sockets (design.md, principle 4).
import { formatIp, inAny, parseIp, PRIVATE_RANGES } from "./cidr";
import { CloseCode, type CloseCodeValue } from "./protocol";

export interface ConnectionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxRoomSize: number;
}

/** Why a connection is turned away: a close code the page explains and a reason for logs and tools. */
export interface Refusal {
  code: CloseCodeValue;
  reason: string;
}

/**
 * Which connections share one per-address quota: an IPv4 address, a private IPv6 address, or a public
 * IPv6 /64 (a host may pick any address in its /64, so counting single addresses would count nothing).
 */
export function addressKey(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  if (ip.length === 4 || inAny(PRIVATE_RANGES, ip)) return formatIp(ip);
  const prefix = new Uint8Array(16);
  prefix.set(ip.subarray(0, 8));
  return `${formatIp(prefix)}/64`;
}

/** Counts open connections, in total and per address key, and admits new ones within the limits. */
export class ConnectionCounter {
  private byAddress = new Map<string, number>();
  private open = 0;

  constructor(private limits: ConnectionLimits) {}

  /** Count one more connection from `key` into a room that holds `roomSize` devices, or say why not. */
  admit(key: string, roomSize: number): Refusal | null {
    if (this.open >= this.limits.maxConnections) return { code: CloseCode.serverFull, reason: "server full: try again later" };
    const mine = this.byAddress.get(key) ?? 0;
    if (mine >= this.limits.maxConnectionsPerAddress)
      return { code: CloseCode.tooManyConnections, reason: `too many connections from your address (${this.limits.maxConnectionsPerAddress})` };
    if (roomSize >= this.limits.maxRoomSize) return { code: CloseCode.roomFull, reason: `room full: ${this.limits.maxRoomSize} devices on this network` };
    this.byAddress.set(key, mine + 1);
    this.open++;
    return null;
  }

  /** Forget one admitted connection from `key`. */
  release(key: string) {
    const mine = this.byAddress.get(key) ?? 0;
    if (mine <= 0) return;
    if (mine === 1) this.byAddress.delete(key);
    else this.byAddress.set(key, mine - 1);
    this.open--;
  }

  get total(): number {
    return this.open;
  }
}

/** A token bucket: `burst` actions at once, then `perSecond` on average. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private burst: number, private perSecond: number, now = Date.now()) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
