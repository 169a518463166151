// Pair codes and room codes, and how guessing them is made hopeless.
//
// Pair codes: 6 digits (10^6 values), valid 2 minutes (--pair-code-ttl), usable once, one live code per device. Room codes:
// 8 characters of Crockford's base32 (32^8 = 2^40 ≈ 1.1·10^12 values), for as long as the room has members.
//
// Every attempt at a code (right or wrong) takes a token from three buckets (guessing.ts):
//   this connection: 5 at once, then 3 a minute;  this address (an IPv6 /64 counts as one): 10, then 1 a minute;
//   the whole server: 100, then 100 a minute.
// Within one pair code's 2-minute life:
//   - one address gets at most 10 + 2 = 12 tries: P(hitting one given code) ≤ 12 / 10^6 = 1.2·10^-5; to reach
//     even odds against a stream of codes it would need ~58,000 code lifetimes, 80 days without a pause;
//   - any number of addresses together get at most 100 + 200 = 300 tries: P ≤ 3·10^-4 per code, and with L
//     codes live at once P(hitting any) ≤ 300·L / 10^6 (0.3% with 10 people pairing at that very minute).
//   And a hit still pairs nothing by itself: both devices confirm after seeing the other's name and the
//   verification code, and the real partner's attempt then fails ("code already used"), which shows.
//   The price of the server-wide bucket: a hundred addresses guessing together can hold up everyone's pairing
//   for as long as they keep at it. It is the only bound that holds against many addresses.
// Room codes: even the whole server's 100 tries a minute, 1.4·10^5 a day, against 1,000 live rooms hit one with
// P ≤ 1.4·10^5 · 1000 / 2^40 ≈ 1.3·10^-4 a day.

export const PAIR_CODE_DIGITS = 6;
export const ROOM_CODE_LENGTH = 8;
/** Crockford's base32: no I, L, O or U, so it is read aloud and typed without confusion. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A uniform random integer below `n` (rejection sampling: no modulo bias). */
function randomBelow(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

export function newPairCode(): string {
  return String(randomBelow(10 ** PAIR_CODE_DIGITS)).padStart(PAIR_CODE_DIGITS, "0");
}

export function newRoomCode(): string {
  return Array.from({ length: ROOM_CODE_LENGTH }, () => CROCKFORD[randomBelow(32)]).join("");
}

/** A typed pair code: digits only, spaces and dashes allowed between them; null when it cannot be one. */
export function normalizePairCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${PAIR_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** A typed room code: any case, with separators, and the letters people confuse read as Crockford says. */
export function normalizeRoomCode(input: string): string | null {
  const code = input
    .replace(/[\s-]/g, "")
    .toUpperCase()
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return code.length === ROOM_CODE_LENGTH && [...code].every((c) => CROCKFORD.includes(c)) ? code : null;
}
