import { describe, expect, test } from "bun:test";
import { cidrContains, embeddedIPv4, formatIp, parseCidr, parseIp } from "./cidr";

describe("IP parsing", () => {
  test("IPv4 and IPv6 forms", () => {
    expect(Array.from(parseIp("192.168.0.1")!)).toEqual([192, 168, 0, 1]);
    expect(parseIp("2001:db8::1")!.length).toBe(16);
    expect(formatIp(parseIp("2001:db8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatIp(parseIp("[::1]")!)).toBe("::1");
  });

  test("rejects malformed addresses", () => {
    for (const s of ["", "1.2.3", "1.2.3.256", "1.2.3.4.5", "1:2:3", "1::2::3", "g::1", "1.2.3.-1", "12345::"]) expect(parseIp(s)).toBeNull();
  });

  test("CIDRs match their prefix only", () => {
    const c = parseCidr("172.16.0.0/12")!;
    expect(cidrContains(c, parseIp("172.31.1.1")!)).toBe(true);
    expect(cidrContains(c, parseIp("172.32.0.0")!)).toBe(false);
    expect(cidrContains(parseCidr("fe80::/10")!, parseIp("febf::1")!)).toBe(true);
    expect(cidrContains(parseCidr("fe80::/10")!, parseIp("fec0::1")!)).toBe(false);
    expect(cidrContains(parseCidr("10.0.0.0/8")!, parseIp("::1")!)).toBe(false);
  });

  test("rejects malformed CIDRs", () => {
    for (const s of ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8", "::/129", "x/8"]) expect(parseCidr(s)).toBeNull();
  });
});

describe("IPv4 inside IPv6", () => {
  const v4 = (s: string) => formatIp(embeddedIPv4(parseIp(s)!));
  test("NAT64, 6to4, IPv4-compatible, IPv4-translated and Teredo addresses give the IPv4 address they carry", () => {
    expect(v4("64:ff9b::a9fe:a9fe")).toBe("169.254.169.254");
    expect(v4("2002:0a00:0001:1234::5")).toBe("10.0.0.1");
    expect(v4("::10.1.2.3")).toBe("10.1.2.3");
    expect(v4("::ffff:0:10.1.2.3")).toBe("10.1.2.3");
    expect(v4("2001:0:4136:e378:8000:63bf:3fff:fdd2")).toBe("192.0.2.45"); // RFC 4380 §4's example
  });

  test("other addresses, :: and ::1 stay as they are", () => {
    for (const s of ["2001:db8::1", "::1", "::", "fe80::1", "64:ff9b:1::1", "192.168.1.1"]) expect(v4(s)).toBe(formatIp(parseIp(s)!));
  });
});
