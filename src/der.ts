// Just enough ASN.1 DER (ITU-T X.690) to write an X.509 certificate: every function returns the
// complete encoding (tag, length, contents) of one value, so they nest like the ASN.1 they mirror.

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** X.690 §8.1.3: short form below 128, else 0x80|count followed by the big-endian length. */
function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(contents);
  return concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]) => tlv(0x31, ...items);
export const nullValue = () => tlv(0x05);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const utf8String = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const boolean = (b: boolean) => tlv(0x01, Uint8Array.of(b ? 0xff : 0x00));

/** A BIT STRING whose content is whole bytes (no unused bits), as keys and signatures are. */
export const bitString = (bytes: Uint8Array, unusedBits = 0) => tlv(0x03, Uint8Array.of(unusedBits), bytes);

/** [n] EXPLICIT: a constructed context-specific tag wrapping a complete encoding. */
export const explicit = (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner);
/** [n] IMPLICIT on a primitive type: the context tag replaces the type's own tag. */
export const implicitPrimitive = (n: number, contents: Uint8Array) => tlv(0x80 | n, contents);

/** An unsigned big-endian integer: leading zeros dropped, then one 0x00 added if the top bit is set (§8.3). */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed);
}

export const smallInteger = (n: number) => unsignedInteger(Uint8Array.of(n));

/** OBJECT IDENTIFIER from dotted form (§8.19): first two arcs as 40*a+b, then base-128 digits. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const v of values) {
    const digits = [v & 0x7f];
    for (let rest = Math.floor(v / 128); rest > 0; rest = Math.floor(rest / 128)) digits.unshift(0x80 | (rest & 0x7f));
    bytes.push(...digits);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always UTC, whole seconds. */
export function time(date: Date): Uint8Array {
  const iso = date.toISOString(); // 2026-11-25T14:20:14.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, "") + "Z"; // 20261125142014Z
  return date.getUTCFullYear() < 2050 ? tlv(0x17, new TextEncoder().encode(digits.slice(2))) : tlv(0x18, new TextEncoder().encode(digits));
}

export { concat };
