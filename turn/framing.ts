// TURN over a byte stream (TCP or TLS, RFC 8656 §3.1): STUN messages and ChannelData messages follow
// each other with nothing between them. A STUN message's length is in its header (RFC 8489 §6.2.2);
// a ChannelData message is padded to a multiple of four bytes on a stream (RFC 8656 §12.5), and its
// length field counts the payload only. The first two bits tell them apart (RFC 8656 §12.6).
//
// Nothing else can be framed: a stream whose next bytes are neither is unusable from that point on,
// and its connection must be closed (there is no way to find the next message boundary).

const MAGIC_COOKIE = 0x2112a442;
const STUN_HEADER = 20;
const CHANNEL_HEADER = 4;

/** The most bytes a half-received frame can hold back: a ChannelData message of 65,535 bytes with padding. */
export const MAX_FRAME_BYTES = CHANNEL_HEADER + 0xffff + 3;

export type FramingError = "not-turn" | "bad-cookie" | "bad-length";

const pad4 = (n: number) => (4 - (n & 3)) & 3;

/**
 * Splits a stream into messages. `push` hands every complete message to `onFrame` (a view into the
 * chunk: valid until `onFrame` returns, may be modified by it) and keeps at most one incomplete one.
 * ChannelData is handed on without its padding.
 */
export class StreamDeframer {
  // The incomplete frame's bytes so far, kept as received: joined once the frame is complete, so a
  // client trickling a frame byte by byte costs linear time, not quadratic.
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Bytes needed before parsing again is worth it. */
  private need = 0;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number {
    return this.partsLength;
  }

  /** Feeds the next bytes; returns why the stream cannot be framed, or null. */
  push(chunk: Buffer): FramingError | null {
    let buf = chunk;
    if (this.partsLength > 0) {
      // Copied: the caller's chunk may be reused once push returns.
      this.parts.push(Buffer.from(chunk));
      this.partsLength += chunk.length;
      if (this.partsLength < this.need) return null;
      buf = Buffer.concat(this.parts, this.partsLength);
      this.parts = [];
      this.partsLength = 0;
    }
    let off = 0;
    while (buf.length - off >= CHANNEL_HEADER) {
      const first = buf[off]!;
      const length = (buf[off + 2]! << 8) | buf[off + 3]!;
      let frame: number;
      let total: number;
      if ((first & 0xc0) === 0x00) {
        if (length & 3) return "bad-length"; // RFC 8489 §5: attributes are padded, so the length is too
        if (buf.length - off >= 8 && buf.readUInt32BE(off + 4) !== MAGIC_COOKIE) return "bad-cookie";
        frame = total = STUN_HEADER + length;
      } else if ((first & 0xc0) === 0x40) {
        // Any 0x4000-0x7FFF: RFC 8656 §12 narrowed channels to 0x4000-0x4FFF, but ChannelBind keeps
        // RFC 5766's range (coturn's client picks from it), so framing must too.
        frame = CHANNEL_HEADER + length;
        total = frame + pad4(length);
      } else {
        return "not-turn";
      }
      if (buf.length - off < total) {
        this.need = total;
        break;
      }
      this.onFrame(buf.subarray(off, off + frame));
      off += total;
    }
    if (off < buf.length) {
      if (buf.length - off < CHANNEL_HEADER) this.need = CHANNEL_HEADER;
      this.parts.push(Buffer.from(buf.subarray(off)));
      this.partsLength = buf.length - off;
    }
    return null;
  }
}

/** `message` ready for a stream: ChannelData padded to four bytes (RFC 8656 §12.5); STUN is already. */
export function forStream(message: Uint8Array): Uint8Array {
  if ((message[0]! & 0xc0) !== 0x40) return message;
  const padding = pad4(message.length);
  if (padding === 0) return message;
  const out = Buffer.allocUnsafe(message.length + padding);
  out.set(message, 0);
  out.fill(0, message.length);
  return out;
}
