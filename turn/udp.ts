// A node:dgram-like UDP socket over Bun.udpSocket, for node-turn (patches/node-turn@0.0.6.patch
// takes it as `createSocket` in its config). Bun's node:dgram costs about twice the CPU per
// datagram of Bun.udpSocket (measured on a bare forwarder: ~33 µs against ~14.5 µs), and a relay
// pays that on every packet it receives and every one it sends.
//
// Only what node-turn uses is implemented: bind, address, send, close, and the events 'listening',
// 'message' (msg, rinfo), 'error' and 'close'. Differences from node:dgram, all harmless to a relay:
// - send() is synchronous (Bun.udpSocket sends at once); a full socket buffer drops the datagram,
//   as the kernel would, and reports no error. The callback, if any, runs on a microtask.
// - a send on a closed socket, or to something that is not an IP address, calls back with an error
//   instead of throwing; without a callback it is dropped silently (dgram would emit 'error').
//
// Tried and left out: queueing sends for one sendMany (sendmmsg) per turn of the event loop. Fewer
// syscalls, but bench/relay.ts measured more relay CPU per MiB with it (69 against 50-60 ms/MiB).
import { EventEmitter } from "node:events";
import { enlargeBuffers } from "./socket-buffers";

export type SocketType = "udp4" | "udp6";

export interface RemoteInfo {
  address: string;
  family: "IPv4" | "IPv6";
  port: number;
  size: number;
}

export interface BindOptions {
  address?: string;
  port?: number;
  exclusive?: boolean /* accepted and ignored: Bun.udpSocket never shares a port (no SO_REUSEPORT) */;
}

type SendCallback = (err: Error | null, bytes?: number) => void;

/** Bun.udpSocket has `fd` (Bun 1.1+), though its types leave it out. */
const descriptor = (s: Bun.udp.Socket<"buffer">) => (s as unknown as { fd: number }).fd;

const NOT_BOUND = () => Object.assign(new Error("Not running"), { code: "ERR_SOCKET_DGRAM_NOT_RUNNING" });

export class BunDgramSocket extends EventEmitter {
  private socket: Bun.udp.Socket<"buffer"> | null = null;
  private closing = false;

  constructor(readonly type: SocketType) {
    super();
  }

  bind(options?: BindOptions | number, address?: string | (() => void), callback?: () => void): this {
    let opts: BindOptions;
    if (typeof options === "object" && options !== null) {
      opts = options;
      if (typeof address === "function") callback = address;
    } else {
      if (typeof address === "function") [callback, address] = [address, undefined];
      opts = { port: options, address };
    }
    if (callback) this.once("listening", callback);
    const hostname = opts.address ?? (this.type === "udp6" ? "::" : "0.0.0.0");
    const emit = this.emit.bind(this);
    // Bun.udpSocket throws a bind error synchronously rather than rejecting: report it like dgram,
    // as an 'error' event after bind() returns.
    new Promise<Bun.udp.Socket<"buffer">>((resolve) => resolve(Bun.udpSocket({
      hostname,
      port: opts.port ?? 0,
      binaryType: "buffer",
      socket: {
        data(_socket, data, port, address, flags) {
          // A datagram larger than the receive buffer arrives cut short; node:dgram hands those on
          // too, and a relay must not forward a truncated one as if it were whole.
          if (flags?.truncated) return;
          const rinfo: RemoteInfo = { address, family: flags?.ipv6 ? "IPv6" : "IPv4", port, size: data.length };
          emit("message", data, rinfo);
        },
        error(a: unknown, b?: unknown) {
          // Bun calls error(error) here, its types say error(socket, error): accept both.
          const err = b instanceof Error ? b : a instanceof Error ? a : new Error(String(b ?? a));
          emit("error", err);
        },
      },
    }))).then(
      (socket) => {
        if (this.closing) {
          socket.close();
          return;
        }
        this.socket = socket;
        // A busy event loop must not cost datagrams the kernel could have held (turn/socket-buffers.ts).
        enlargeBuffers(descriptor(socket));
        emit("listening");
      },
      (err: Error) => emit("error", err),
    );
    return this;
  }

  /** The descriptor, for socket options Bun.udpSocket has no call for; -1 when not bound. */
  get fd(): number {
    return this.socket ? descriptor(this.socket) : -1;
  }

  address(): { address: string; family: "IPv4" | "IPv6"; port: number } {
    if (!this.socket) throw NOT_BOUND();
    const a = this.socket.address;
    return { address: a.address, family: a.family === "IPv6" ? "IPv6" : "IPv4", port: a.port };
  }

  /** send(msg, port, address[, cb]) or send(msg, offset, length, port, address[, cb]); msg may be a list of buffers. */
  send(msg: Uint8Array | string | readonly Uint8Array[], a: number, b: number | string, c?: number | string | SendCallback, d?: string, e?: SendCallback): boolean {
    let port: number;
    let address: string;
    let callback: SendCallback | undefined;
    if (typeof b === "number") {
      msg = (typeof msg === "string" ? Buffer.from(msg) : (msg as Uint8Array)).subarray(a, a + b);
      port = c as number;
      address = d as string;
      callback = e;
    } else {
      port = a;
      address = b;
      callback = c as SendCallback | undefined;
    }
    const data = Array.isArray(msg) ? Buffer.concat(msg as readonly Uint8Array[]) : (msg as Uint8Array | string);
    const socket = this.socket;
    if (socket === null || socket.closed) {
      if (callback) queueMicrotask(() => callback(NOT_BOUND()));
      return false;
    }
    let err: Error | null = null;
    try {
      socket.send(data, port, address);
    } catch (thrown) {
      err = thrown as Error;
    }
    if (callback) {
      const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.length;
      queueMicrotask(() => callback(err, err ? undefined : bytes));
    }
    return err === null;
  }

  close(callback?: () => void): this {
    if (callback) this.once("close", callback);
    if (this.closing) return this;
    this.closing = true;
    this.socket?.close();
    this.socket = null;
    process.nextTick(() => this.emit("close"));
    return this;
  }

  ref(): this {
    this.socket?.ref();
    return this;
  }

  unref(): this {
    this.socket?.unref();
    return this;
  }
}

/** Like dgram.createSocket(type), over Bun.udpSocket. */
export function createSocket(type: SocketType): BunDgramSocket {
  if (type !== "udp4" && type !== "udp6") throw new TypeError(`unsupported socket type ${type}`);
  return new BunDgramSocket(type);
}
