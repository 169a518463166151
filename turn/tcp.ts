// TURN over TCP and TLS (RFC 8656 §3.1) for node-turn, which speaks UDP only: each accepted
// connection is framed (turn/framing.ts) and its messages go into node-turn's network.receive() with
// the 5-tuple "TCP://client>listening address", alongside a socket-like object that writes the
// answers and the relayed data back onto the stream. The relayed side stays UDP (REQUESTED-TRANSPORT
// 17), which is what browsers ask for.
//
// What a client can make the relay hold is bounded: connections (in all and per client address),
// the bytes of one incomplete frame per connection (turn/framing.ts), bytes waiting to be written
// (per connection and in all; beyond that, whole messages are dropped as UDP would lose them), and
// time: a connection that holds no allocation is closed after `setupTimeoutMs`.
import type TurnServer from "node-turn";
import { StreamDeframer, forStream } from "./framing";

const TCP = 0x06; // node-turn's CONSTANTS.TRANSPORT.PROTOCOL.TCP (patches/node-turn@0.0.6.patch)

export interface StreamLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** Bytes queued for one slow reader before further messages to it are dropped. */
  maxQueuedBytesPerConnection: number;
  maxQueuedBytes: number;
  /** A connection without an allocation this long (after it opens or its allocation ends) is closed. */
  setupTimeoutMs: number;
}

export const STREAM_LIMITS: StreamLimits = {
  maxConnections: 4096,
  // A home or office shares one public address; a browser opens one connection per relay URL and
  // peer connection.
  maxConnectionsPerAddress: 128,
  maxQueuedBytesPerConnection: 256 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
  setupTimeoutMs: 15_000,
};

export interface StreamListenOptions {
  server: TurnServer;
  ips: string[];
  /** TCP port (0: any free one). */
  port: number;
  /** TLS on its own port (0: any free one), with the certificate HTTPS uses; null: no TLS. */
  tls: { port: number; cert: string; key: string } | null;
  limits: StreamLimits;
  log: (level: "warn" | "info" | "debug", msg: string) => void;
}

export interface StreamListeners {
  port: number;
  tlsPort: number | null;
  /** Open connections and bytes waiting to be written to them (for tests and health). */
  stats(): { connections: number; queuedBytes: number };
  close(): void;
}

interface Shared {
  opts: StreamListenOptions;
  byTuple: Map<string, Connection>;
  perAddress: Map<string, number>;
  queued: { bytes: number };
}

/** One client connection; node-turn sees it as the socket its answers go out on. */
class Connection {
  readonly tuple: string;
  private readonly deframer: StreamDeframer;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private setupTimer: ReturnType<typeof setTimeout> | null = null;
  closed = false;

  constructor(
    private readonly socket: Bun.Socket<Connection | undefined>,
    private readonly shared: Shared,
    private readonly secure: boolean,
    readonly src: { address: string; port: number },
    private readonly dst: { address: string; port: number },
  ) {
    const network = shared.opts.server.network;
    this.tuple = network.fiveTuple(TCP, src, dst);
    this.deframer = new StreamDeframer((frame) => {
      try {
        network.receive(frame, this.tuple, TCP, src, dst, this);
      } catch (err) {
        shared.opts.log("debug", `turn: dropped a message from ${this.label}: ${(err as Error).message}`);
      }
    });
    this.armSetupTimer();
  }

  get label() {
    return `${this.secure ? "TLS" : "TCP"} ${this.src.address}:${this.src.port}`;
  }

  received(chunk: Buffer) {
    const err = this.deframer.push(chunk);
    if (err) {
      this.shared.opts.log("debug", `turn: closing ${this.label}: not TURN (${err})`);
      this.socket.end();
    }
  }

  /** Closes the connection if it still holds no allocation when the timer fires. */
  armSetupTimer() {
    if (this.closed) return;
    if (this.setupTimer) clearTimeout(this.setupTimer);
    this.setupTimer = setTimeout(() => {
      this.setupTimer = null;
      if (!this.shared.opts.server.allocations[this.tuple]) {
        this.shared.opts.log("debug", `turn: closing ${this.label}: no allocation`);
        this.socket.end();
      }
    }, this.shared.opts.limits.setupTimeoutMs);
  }

  /** dgram's send(msg, port, address, cb) as node-turn calls it; the destination is always the client. */
  send(msg: Uint8Array, _port: number, _address: string, callback?: (err: Error | null) => void): boolean {
    const ok = this.write(forStream(msg));
    // A message for a connection that is gone or too far behind is lost like a UDP datagram: not an
    // error for node-turn to report.
    if (callback) queueMicrotask(() => callback(null));
    return ok;
  }

  private write(data: Uint8Array): boolean {
    if (this.closed) return false;
    const { limits } = this.shared.opts;
    if (this.queue.length > 0) {
      if (this.queuedBytes + data.length > limits.maxQueuedBytesPerConnection || this.shared.queued.bytes + data.length > limits.maxQueuedBytes) return false;
      this.enqueue(Buffer.from(data)); // the caller may reuse its buffer
      return true;
    }
    const n = this.socket.write(data);
    if (n < 0) return false;
    // The rest of a message must follow it, whatever the limits: a stream cannot skip half a frame.
    if (n < data.length) this.enqueue(Buffer.from(data.subarray(n)));
    return true;
  }

  private enqueue(data: Uint8Array) {
    this.queue.push(data);
    this.queuedBytes += data.length;
    this.shared.queued.bytes += data.length;
  }

  drained() {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const n = this.socket.write(head);
      if (n < 0) return;
      this.queuedBytes -= Math.max(n, 0);
      this.shared.queued.bytes -= Math.max(n, 0);
      if (n < head.length) {
        this.queue[0] = head.subarray(n);
        return;
      }
      this.queue.shift();
    }
  }

  /** The connection is gone: its allocation goes with it (its 5-tuple can never be used again). */
  ended() {
    if (this.closed) return;
    this.closed = true;
    if (this.setupTimer) clearTimeout(this.setupTimer);
    this.shared.queued.bytes -= this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    this.shared.opts.server.allocations[this.tuple]?.delete();
  }
}

export function listenStreams(opts: StreamListenOptions): StreamListeners {
  const shared: Shared = { opts, byTuple: new Map(), perAddress: new Map(), queued: { bytes: 0 } };
  const { limits } = opts;

  // A connection whose allocation ended gets the setup timeout again. (An Allocate cannot outlive
  // its connection unnoticed: turn/udp.ts binds relay sockets within the task that read the request,
  // before the connection's close can be handled.)
  const deleted = (a: { fiveTuple: string }) => shared.byTuple.get(a.fiveTuple)?.armSetupTimer();
  opts.server.on("allocation-deleted", deleted);

  const handler = (secure: boolean): Bun.SocketHandler<Connection | undefined> => ({
    open(socket) {
      const address = socket.remoteAddress;
      const fromThere = shared.perAddress.get(address) ?? 0;
      if (shared.byTuple.size >= limits.maxConnections || fromThere >= limits.maxConnectionsPerAddress) {
        opts.log("info", `turn: refused a ${secure ? "TLS" : "TCP"} connection from ${address}: too many connections`);
        socket.terminate();
        return;
      }
      const c = new Connection(socket, shared, secure, { address, port: socket.remotePort }, { address: socket.localAddress, port: socket.localPort });
      socket.data = c;
      shared.byTuple.set(c.tuple, c);
      shared.perAddress.set(address, fromThere + 1);
    },
    data(socket, chunk) {
      socket.data?.received(chunk);
    },
    drain(socket) {
      socket.data?.drained();
    },
    close(socket) {
      const c = socket.data;
      if (!c || c.closed) return;
      c.ended();
      shared.byTuple.delete(c.tuple);
      const left = (shared.perAddress.get(c.src.address) ?? 1) - 1;
      if (left > 0) shared.perAddress.set(c.src.address, left);
      else shared.perAddress.delete(c.src.address);
    },
    error(socket, err) {
      opts.log("debug", `turn: ${socket.data?.label ?? "connection"}: ${err.message}`);
    },
  });

  const listeners: Bun.TCPSocketListener<Connection | undefined>[] = [];
  const closeAll = () => {
    opts.server.off("allocation-deleted", deleted);
    for (const l of listeners) l.stop(true);
  };
  /** One listener per address on `port`; port 0: the first picks a free port, the others follow. */
  const listen = (port: number, tls: { cert: string; key: string } | null) => {
    for (const ip of opts.ips) {
      try {
        const l = Bun.listen<Connection | undefined>({ hostname: ip, port, socket: handler(tls !== null), data: undefined, ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}) });
        listeners.push(l);
        port = l.port;
      } catch (err) {
        throw new Error(`${tls ? "TLS" : "TCP"} port ${port} of ${ip}: ${(err as Error).message}`);
      }
    }
    return port;
  };
  try {
    const port = listen(opts.port, null);
    const tlsPort = opts.tls ? listen(opts.tls.port, opts.tls) : null;
    return {
      port,
      tlsPort,
      stats: () => ({ connections: shared.byTuple.size, queuedBytes: shared.queued.bytes }),
      close: closeAll,
    };
  } catch (err) {
    closeAll();
    throw err;
  }
}
