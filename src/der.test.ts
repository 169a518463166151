import { describe, expect, test } from "bun:test";
import * as der from "./der";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("DER encoding", () => {
  test("lengths below 128 take one byte, longer ones the long form", () => {
    expect(hex(der.octetString(new Uint8Array(3)))).toBe("0403000000");
    expect(hex(der.octetString(new Uint8Array(200))).slice(0, 6)).toBe("0481c8");
    expect(hex(der.octetString(new Uint8Array(300))).slice(0, 8)).toBe("0482012c");
  });

  test("unsigned integers drop leading zeros and gain one when the top bit is set", () => {
    expect(hex(der.smallInteger(2))).toBe("020102");
    expect(hex(der.unsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe("02017f");
    expect(hex(der.unsignedInteger(Uint8Array.of(0x80, 1)))).toBe("0203008001");
    expect(hex(der.unsignedInteger(Uint8Array.of(0, 0)))).toBe("020100");
  });

  test("object identifiers encode the first two arcs together and large arcs in base 128", () => {
    expect(hex(der.oid("2.5.29.17"))).toBe("0603551d11");
    expect(hex(der.oid("1.2.840.10045.4.3.2"))).toBe("06082a8648ce3d040302");
  });

  test("times are UTCTime before 2050 and GeneralizedTime after", () => {
    expect(Buffer.from(der.time(new Date("2026-11-25T14:20:14.789Z"))).subarray(2).toString()).toBe("261125142014Z");
    expect(der.time(new Date("2026-01-01T00:00:00Z"))[0]).toBe(0x17);
    expect(Buffer.from(der.time(new Date("2051-02-03T04:05:06Z"))).subarray(2).toString()).toBe("20510203040506Z");
    expect(der.time(new Date("2051-02-03T04:05:06Z"))[0]).toBe(0x18);
  });

  test("constructed values nest their children", () => {
    expect(hex(der.sequence(der.nullValue(), der.boolean(true)))).toBe("30050500" + "0101ff");
    expect(hex(der.explicit(3, der.sequence()))).toBe("a3023000");
    expect(hex(der.implicitPrimitive(7, Uint8Array.of(127, 0, 0, 1)))).toBe("87047f000001");
    expect(hex(der.bitString(Uint8Array.of(0x80), 7))).toBe("03020780");
  });
});
