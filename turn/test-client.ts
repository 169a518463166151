// A raw TURN client over UDP, TCP or TLS for tests (RFC 8489 message format, RFC 8656 methods),
// independent of node-turn's encoder and of our stream framing, so that tests check the relay
// against the RFCs, not against itself.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { connect as tcpConnect, type Socket as TcpSocket } from "node:net";
import { connect as tlsConnect } from "node:tls";

export const METHOD = { binding: 0x001, allocate: 0x003, refresh: 0x004, send: 0x006, data: 0x007, createPermission: 0x008, channelBind: 0x009 } as const;
export const ATTR = { username: 0x0006, messageIntegrity: 0x0008, errorCode: 0x0009, unknownAttributes: 0x000a, realm: 0x0014, nonce: 0x0015, channelNumber: 0x000c, lifetime: 0x000d, xorPeerAddress: 0x0012, data: 0x0013, xorRelayedAddress: 0x0016, requestedTransport: 0x0019, xorMappedAddress: 0x0020 } as const;
const COOKIE = 0x2112a442;
const CLASS = { request: 0, indication: 1, success: 2, error: 3 } as const;

export type Attr = [type: number, value: Buffer];
export interface StunMessage {
  cls: number;
  method: number;
  txid: string;
  attrs: Attr[];
  raw: Buffer;
}

const msgType = (method: number, cls: number) => (method & 0x0f) | ((method & 0x70) << 1) | ((method & 0xf80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7);

export function encode(method: number, cls: number, attrs: Attr[], integrityKey?: Buffer, txid = randomBytes(12)): Buffer {
  const body = attrs.map(([type, value]) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(type, 0);
    head.writeUInt16BE(value.length, 2);
    return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
  });
  const header = Buffer.alloc(20);
  header.writeUInt16BE(msgType(method, cls), 0);
  header.writeUInt32BE(COOKIE, 4);
  txid.copy(header, 8);
  let msg = Buffer.concat([header, ...body]);
  if (integrityKey) {
    // RFC 8489 §14.5: the length covers MESSAGE-INTEGRITY while the HMAC is computed.
    msg.writeUInt16BE(msg.length - 20 + 24, 2);
    const mac = createHmac("sha1", integrityKey).update(msg).digest();
    msg = Buffer.concat([msg, Buffer.from([0, ATTR.messageIntegrity, 0, 20]), mac]);
  }
  msg.writeUInt16BE(msg.length - 20, 2);
  return msg;
}

export function decode(buf: Buffer): StunMessage | null {
  if (buf.length < 20 || (buf[0]! & 0xc0) !== 0 || buf.readUInt32BE(4) !== COOKIE) return null;
  const t = buf.readUInt16BE(0);
  const attrs: Attr[] = [];
  for (let off = 20; off + 4 <= buf.length; ) {
    const len = buf.readUInt16BE(off + 2);
    attrs.push([buf.readUInt16BE(off), buf.subarray(off + 4, off + 4 + len)]);
    off += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { cls: ((t >> 4) & 1) | ((t >> 7) & 2), method: (t & 0xf) | ((t >> 1) & 0x70) | ((t >> 2) & 0xf80), txid: buf.toString("hex", 8, 20), attrs, raw: buf };
}

/** A UDP port on loopback that nothing holds right now (tests and benches pick their own). */
export const freeUdpPort = () =>
  new Promise<number>((resolve) => {
    const s = createSocket("udp4");
    s.bind(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * A loopback port free for UDP and for TCP alike, for a relay that listens on both: an ephemeral UDP port may be
 * some TCP connection's local port at that moment (a busy machine has many), so try until one is free for both.
 */
export async function freeRelayPort(): Promise<number> {
  for (;;) {
    const port = await freeUdpPort();
    try {
      Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } }).stop(true);
      return port;
    } catch {
      // Taken for TCP: another one.
    }
  }
}

export const attr = (m: StunMessage, type: number) => m.attrs.find(([t]) => t === type)?.[1];
export const errorCode = (m: StunMessage) => {
  const v = attr(m, ATTR.errorCode);
  return v ? (v[2]! & 7) * 100 + v[3]! : null;
};

export function xorAddress(ip: string, port: number): Buffer {
  const b = Buffer.alloc(8);
  b[1] = 1;
  b.writeUInt16BE(port ^ (COOKIE >>> 16), 2);
  ip.split(".").forEach((x, i) => (b[4 + i] = Number(x) ^ ((COOKIE >>> (24 - 8 * i)) & 0xff)));
  return b;
}

export function readXorAddress(v: Buffer): { ip: string; port: number } {
  const port = v.readUInt16BE(2) ^ (COOKIE >>> 16);
  const ip = [0, 1, 2, 3].map((i) => v[4 + i]! ^ ((COOKIE >>> (24 - 8 * i)) & 0xff)).join(".");
  return { ip, port };
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export type ClientTransport = "udp" | "tcp" | "tls";

/** How a client reaches the server: datagrams, or a stream of back-to-back messages. */
interface Link {
  readonly reliable: boolean;
  readonly localPort: number;
  send(buf: Buffer): void;
  /** Stop and restart reading (streams only): a client too slow to keep up. */
  pause(): void;
  resume(): void;
  /** Resolves when the other end closes a stream. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

async function udpLink(server: string, port: number, from: string, onMessage: (m: Buffer) => void): Promise<Link> {
  const socket = createSocket("udp4");
  socket.on("message", onMessage);
  await new Promise<void>((r) => socket.bind(0, from, r));
  return {
    reliable: false,
    localPort: socket.address().port,
    send: (buf) => socket.send(buf, port, server),
    pause: () => {},
    resume: () => {},
    closed: new Promise<void>(() => {}),
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/** RFC 8656 §3.1 over TCP or TLS: messages split by their own lengths; ChannelData padded to 4 (§12.5). */
async function streamLink(server: string, port: number, from: string, tls: boolean, onMessage: (m: Buffer) => void): Promise<Link> {
  const connected = <T extends TcpSocket>(s: T, event: string) =>
    new Promise<T>((resolve, reject) => {
      s.once(event, () => resolve(s));
      s.once("error", reject);
    });
  const tcp = await connected(tcpConnect({ host: server, port, localAddress: from }), "connect");
  // The relay's certificate is a test's own self-signed one; tests that care compare it themselves.
  const socket: TcpSocket = tls ? await connected(tlsConnect({ socket: tcp, rejectUnauthorized: false }), "secureConnect") : tcp;
  socket.setNoDelay(true);
  let rest = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    rest = Buffer.concat([rest, chunk]);
    while (rest.length >= 4) {
      const length = rest.readUInt16BE(2);
      const total = (rest[0]! & 0xc0) === 0x40 ? 4 + length + ((4 - (length % 4)) % 4) : 20 + length;
      if (rest.length < total) break;
      onMessage(rest.subarray(0, total));
      rest = rest.subarray(total);
    }
  });
  socket.on("error", () => {}); // a reset by the relay shows as `closed`
  return {
    reliable: true,
    localPort: socket.localPort!,
    send: (buf) => void socket.write(buf),
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
    closed: new Promise<void>((r) => socket.once("close", () => r())),
    close: () => new Promise<void>((r) => (socket.destroyed ? r() : socket.end(() => r()))),
  };
}

/** One client 5-tuple talking to a TURN server, with long-term credentials. */
export class TurnTestClient {
  private link!: Link;
  private key: Buffer | null = null;
  private realm = "";
  /** The nonce sent with the next request; tests may replace it. */
  nonce = "";
  private waiting = new Map<string, (m: StunMessage) => void>();
  /** Data indications and ChannelData received, as [channel or 0, peer, payload]. */
  readonly received: { channel: number; peer: string | null; data: Buffer }[] = [];
  /** Every message as it arrived: a datagram, or one message of the stream with its padding. */
  readonly frames: Buffer[] = [];

  private constructor(private username: string, private password: string) {}

  /**
   * `from` is the local address to send from: any 127.x.y.z works on Linux, a distinct source per client.
   * `transport` "tcp" and "tls" open one connection to `serverPort` (RFC 8656 §3.1).
   */
  static async open(serverPort: number, username = "", password = "", where: { from?: string; server?: string; transport?: ClientTransport } = {}): Promise<TurnTestClient> {
    const c = new TurnTestClient(username, password);
    const server = where.server ?? "127.0.0.1";
    const from = where.from ?? "127.0.0.1";
    const onMessage = (m: Buffer) => c.onMessage(m);
    const transport = where.transport ?? "udp";
    c.link = transport === "udp" ? await udpLink(server, serverPort, from, onMessage) : await streamLink(server, serverPort, from, transport === "tls", onMessage);
    return c;
  }

  get port() {
    return this.link.localPort;
  }

  get closed() {
    return this.link.closed;
  }
  pause() {
    this.link.pause();
  }
  resume() {
    this.link.resume();
  }

  private onMessage(frame: Buffer) {
    const buf = Buffer.from(frame);
    this.frames.push(buf);
    if ((buf[0]! & 0xc0) === 0x40) {
      this.received.push({ channel: buf.readUInt16BE(0), peer: null, data: buf.subarray(4, 4 + buf.readUInt16BE(2)) });
      return;
    }
    const m = decode(buf);
    if (!m) return;
    if (m.cls === CLASS.indication && m.method === METHOD.data) {
      const peer = readXorAddress(attr(m, ATTR.xorPeerAddress)!);
      this.received.push({ channel: 0, peer: `${peer.ip}:${peer.port}`, data: attr(m, ATTR.data)! });
      return;
    }
    this.waiting.get(m.txid)?.(m);
  }

  sendRaw(buf: Buffer) {
    this.link.send(buf);
  }

  /**
   * One request/response exchange, failing after 3 s; over UDP it retransmits every 500 ms
   * (RFC 8489 §6.2.1), over a stream never (§6.2.2).
   */
  exchange(buf: Buffer): Promise<StunMessage> {
    const txid = buf.toString("hex", 8, 20);
    return new Promise((resolve, reject) => {
      const timer = this.link.reliable ? undefined : setInterval(() => this.sendRaw(buf), 500);
      const fail = setTimeout(() => done(null), 3000);
      const done = (m: StunMessage | null) => {
        clearInterval(timer);
        clearTimeout(fail);
        this.waiting.delete(txid);
        if (m) resolve(m);
        else reject(new Error(`no answer to ${txid}`));
      };
      this.waiting.set(txid, done);
      this.sendRaw(buf);
    });
  }

  /** A request with long-term credentials, learning realm and nonce from a 401 or 438 and retrying. */
  async request(method: number, attrs: Attr[], txid = randomBytes(12), retries = 2): Promise<StunMessage> {
    for (let attempt = 0; ; attempt++) {
      const auth: Attr[] = this.key
        ? [[ATTR.username, Buffer.from(this.username)], [ATTR.realm, Buffer.from(this.realm)], [ATTR.nonce, Buffer.from(this.nonce)]]
        : [];
      const res = await this.exchange(encode(method, CLASS.request, [...attrs, ...auth], this.key ?? undefined, txid));
      const code = errorCode(res);
      if ((code === 401 || code === 438) && attempt < retries && attr(res, ATTR.nonce)) {
        this.realm = attr(res, ATTR.realm)!.toString();
        this.nonce = attr(res, ATTR.nonce)!.toString();
        this.key = createHash("md5").update(`${this.username}:${this.realm}:${this.password}`).digest();
        if (code === 401 && attempt > 0) return res;
        txid = randomBytes(12);
        continue;
      }
      return res;
    }
  }

  /** Whether a response carries a MESSAGE-INTEGRITY that checks out under our key (RFC 8489 §14.5). */
  integrityOk(m: StunMessage): boolean {
    let off = 20;
    while (off + 4 <= m.raw.length) {
      const type = m.raw.readUInt16BE(off);
      const len = m.raw.readUInt16BE(off + 2);
      if (type === ATTR.messageIntegrity) {
        const signed = Buffer.from(m.raw.subarray(0, off));
        signed.writeUInt16BE(off - 20 + 24, 2);
        return createHmac("sha1", this.key!).update(signed).digest().equals(m.raw.subarray(off + 4, off + 24));
      }
      off += 4 + len + ((4 - (len % 4)) % 4);
    }
    return false;
  }

  async allocate(extra: Attr[] = []) {
    const res = await this.request(METHOD.allocate, [[ATTR.requestedTransport, Buffer.from([17, 0, 0, 0])], ...extra]);
    const relayed = attr(res, ATTR.xorRelayedAddress);
    return { res, relayed: relayed ? readXorAddress(relayed) : null, lifetime: attr(res, ATTR.lifetime)?.readUInt32BE(0) ?? null };
  }
  createPermission = (ip: string, port = 0) => this.request(METHOD.createPermission, [[ATTR.xorPeerAddress, xorAddress(ip, port)]]);
  channelBind = (channel: number, ip: string, port: number) =>
    this.request(METHOD.channelBind, [[ATTR.channelNumber, u32(channel << 16)], [ATTR.xorPeerAddress, xorAddress(ip, port)]]);
  refresh = (lifetime?: number) => this.request(METHOD.refresh, lifetime === undefined ? [] : [[ATTR.lifetime, u32(lifetime)]]);

  sendIndication(ip: string, port: number, data: Buffer) {
    this.sendRaw(encode(METHOD.send, CLASS.indication, [[ATTR.xorPeerAddress, xorAddress(ip, port)], [ATTR.data, data]]));
  }
  /** ChannelData, padded to four bytes over a stream (RFC 8656 §12.5), as it is or as asked over UDP. */
  sendChannelData(channel: number, data: Buffer, pad = this.link.reliable) {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(channel, 0);
    head.writeUInt16BE(data.length, 2);
    this.sendRaw(Buffer.concat([head, data, Buffer.alloc(pad ? (4 - (data.length % 4)) % 4 : 0)]));
  }

  close() {
    return this.link.close();
  }
}
