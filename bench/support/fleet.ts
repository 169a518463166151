// Many signaling clients in one process, in rooms of a few, for bench/signaling.ts. A room is keyed by
// the address the client claims in X-Forwarded-For (the server trusts it from 127.0.0.1 in the bench),
// one TEST-NET-style address per room, so rooms of 4 exist without 2,500 real networks.
//
// Timing: a join starts when the newcomer opens its WebSocket and ends when a room member already there
// reads peer-joined for it: the TCP and WebSocket handshakes, and Ferry's challenge and signed hello, are
// part of joining. Both ends are in this process, so one clock (performance.now) times them.

/** How a client speaks to one kind of server: where it connects and its handshake, if any. */
export interface Dialect {
  url(base: string, name: string): string;
  /** Handles handshake messages (e.g. a challenge); true when consumed. */
  handshake?(ws: WebSocket, msg: { type: string } & Record<string, unknown>, name: string): Promise<boolean> | boolean;
}

interface ServerMsg {
  type: string;
  self?: { id: string; name: string };
  peer?: { id: string; name: string };
  id?: string;
  from?: string;
}

export class BenchClient {
  ws!: WebSocket;
  id = "";
  joinStartedAt = 0;
  peers = new Set<string>();
  closed = false;
  readonly welcomed: Promise<void>;
  private resolveWelcome!: () => void;
  private failWelcome!: (err: Error) => void;

  constructor(readonly fleet: Fleet, readonly name: string, readonly room: number, readonly server: number) {
    this.welcomed = new Promise((resolve, reject) => {
      this.resolveWelcome = resolve;
      this.failWelcome = reject;
    });
  }

  connect(base: string) {
    const { dialect } = this.fleet;
    this.joinStartedAt = performance.now();
    this.ws = new WebSocket(dialect.url(base, this.name), { headers: { "x-forwarded-for": roomAddress(this.room) } } as never);
    this.ws.onmessage = async (ev) => {
      const msg = JSON.parse(String(ev.data)) as ServerMsg;
      if (dialect.handshake && (await dialect.handshake(this.ws, msg as never, this.name))) return;
      switch (msg.type) {
        case "welcome":
          this.id = msg.self!.id;
          this.resolveWelcome();
          break;
        case "peer-joined":
          this.peers.add(msg.peer!.id);
          this.fleet.joined(msg.peer!.name, this);
          break;
        case "peer-left":
          this.peers.delete(msg.id!);
          break;
        case "signal":
          this.fleet.signals++;
          break;
      }
    };
    this.ws.onclose = (ev) => {
      this.closed = true;
      this.failWelcome(new Error(`closed ${ev.code} ${ev.reason}`));
    };
  }

  close() {
    this.closed = true;
    this.ws.close();
  }
}

/** 198.18.0.0/15 (RFC 2544, benchmarking): public as far as room keys go, and never routed anywhere here. */
export const roomAddress = (room: number) => `198.${18 + (room >> 16)}.${(room >> 8) & 0xff}.${room & 0xff}`;

export interface JoinSample {
  ms: number;
  /** Joiner and observer on different server processes. */
  crossProcess: boolean;
}

export class Fleet {
  readonly clients = new Map<string, BenchClient>();
  samples: JoinSample[] = [];
  signals = 0;
  private serial = 0;

  constructor(readonly dialect: Dialect, readonly servers: string[]) {}

  /** A fresh client in `room`, on server `server`; resolves when it is welcomed. */
  async join(room: number, server: number): Promise<BenchClient> {
    const c = new BenchClient(this, `b${++this.serial}`, room, server);
    this.clients.set(c.name, c);
    c.connect(this.servers[server]!);
    await c.welcomed;
    return c;
  }

  joined(name: string, observer: BenchClient) {
    const joiner = this.clients.get(name);
    if (!joiner) return;
    this.samples.push({ ms: performance.now() - joiner.joinStartedAt, crossProcess: joiner.server !== observer.server });
  }

  leave(c: BenchClient) {
    c.close();
    this.clients.delete(c.name);
  }

  takeSamples(): JoinSample[] {
    const s = this.samples;
    this.samples = [];
    return s;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}
