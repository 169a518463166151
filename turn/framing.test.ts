import { describe, expect, test } from "bun:test";
import { MAX_FRAME_BYTES, StreamDeframer, forStream } from "./framing";
import { ATTR, METHOD, encode } from "./test-client";

const channelData = (channel: number, payload: Buffer, padded = true) => {
  const head = Buffer.from([channel >> 8, channel & 0xff, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload, Buffer.alloc(padded ? (4 - (payload.length % 4)) % 4 : 0)]);
};

function collect() {
  const frames: Buffer[] = [];
  // Frames are views valid during the callback only: keep copies.
  const d = new StreamDeframer((f) => frames.push(Buffer.from(f)));
  return { d, frames };
}

describe("TURN stream framing", () => {
  const stun = encode(METHOD.allocate, 0, [[ATTR.requestedTransport, Buffer.from([17, 0, 0, 0])]]);
  const odd = channelData(0x4001, Buffer.from("seven b"));
  const big = channelData(0x4fff, Buffer.alloc(0xffff, 7));

  test("splits STUN and padded ChannelData messages that arrive back to back, one byte at a time or all at once", () => {
    // 0x7abc: RFC 5766's channel range, which coturn's client uses.
    const rfc5766 = channelData(0x7abc, Buffer.from("x"));
    const stream = Buffer.concat([stun, odd, channelData(0x4000, Buffer.alloc(0)), big, rfc5766, stun]);
    const expected = [stun, odd.subarray(0, 11), Buffer.from([0x40, 0, 0, 0]), big.subarray(0, 4 + 0xffff), rfc5766.subarray(0, 5), stun];
    for (const step of [1, 3, 7, 1000, stream.length]) {
      const { d, frames } = collect();
      for (let i = 0; i < stream.length; i += step) expect(d.push(stream.subarray(i, i + step))).toBeNull();
      expect(frames).toEqual(expected);
      expect(d.buffered).toBe(0);
    }
  });

  test("holds back at most one incomplete frame", () => {
    const { d, frames } = collect();
    expect(d.push(big.subarray(0, big.length - 1))).toBeNull();
    expect(frames).toHaveLength(0);
    expect(d.buffered).toBe(big.length - 1);
    expect(d.buffered).toBeLessThan(MAX_FRAME_BYTES);
    expect(d.push(big.subarray(big.length - 1))).toBeNull();
    expect(frames).toHaveLength(1);
  });

  test("a stream that is not TURN cannot be framed", () => {
    const bad = (bytes: Buffer) => collect().d.push(bytes);
    expect(bad(Buffer.from("\xff\xfe".repeat(4), "latin1"))).toBe("not-turn");
    // A TLS ClientHello sent to the plain TCP port.
    expect(bad(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xf4, 0x01, 0x00, 0x00, 0xf0, 0x03, 0x03]))).toBe("bad-cookie");
    expect(bad(Buffer.from([0x80, 0, 0, 0]))).toBe("not-turn");
    expect(bad(Buffer.concat([stun.subarray(0, 4), Buffer.from([1, 2, 3, 4])]))).toBe("bad-cookie");
    expect(bad(Buffer.from([0, 1, 0, 5]))).toBe("bad-length");
    // What came before the junk is still delivered.
    const { d, frames } = collect();
    expect(d.push(Buffer.concat([stun, Buffer.from([0xff, 0xff, 0xff, 0xff])]))).toBe("not-turn");
    expect(frames).toEqual([stun]);
  });

  test("ChannelData is padded for a stream; STUN and aligned ChannelData go out as they are", () => {
    const unpadded = channelData(0x4001, Buffer.from("seven b"), false);
    expect(Buffer.from(forStream(unpadded))).toEqual(odd);
    const aligned = channelData(0x4001, Buffer.from("four"));
    expect(forStream(aligned)).toBe(aligned);
    expect(forStream(stun)).toBe(stun);
  });
});
