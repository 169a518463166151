import { describe, expect, test } from "bun:test";
import { cidrContains, formatIp, parseCidr, parseIp } from "./cidr";

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
