import { describe, expect, test } from "bun:test";
import { cleanName, cleanText, MAX_FRAME_BYTES, MAX_NAME_LENGTH, parseClientMessage } from "./protocol";

const refused = (raw: string | Uint8Array) => {
  const r = parseClientMessage(raw);
  if (r.ok) throw new Error(`accepted ${String(raw).slice(0, 80)}`);
  return r.code;
};
const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const ID2 = "BBBBBBBBBBBBBBBBBBBBBB";
const candidate = { link: "testLink0001", kind: "candidate", candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };

describe("client message parsing", () => {
  test("accepts a signal with a description or a candidate", () => {
    const offer = { type: "signal", to: ID, data: { link: "testLink0001", kind: "description", description: { type: "offer", sdp: "v=0" } } };
    expect(parseClientMessage(JSON.stringify(offer))).toEqual({ ok: true, message: offer as never });
    expect(parseClientMessage(JSON.stringify({ type: "signal", to: ID, data: candidate })).ok).toBe(true);
    expect(parseClientMessage(JSON.stringify({ type: "signal", to: ID, data: { link: "testLink0001", kind: "candidate", candidate: null } })).ok).toBe(true);
    expect(parseClientMessage(JSON.stringify({ type: "signal", to: ID, data: { link: "testLink0001", kind: "knock" } })).ok).toBe(true);
    const answer = { type: "signal", to: ID, data: { link: "testLink0001", to: "peerLink0002", kind: "description", description: { type: "answer", sdp: "v=0" } } };
    expect(parseClientMessage(JSON.stringify(answer))).toEqual({ ok: true, message: answer as never });
  });

  test("drops unknown fields instead of relaying them", () => {
    const r = parseClientMessage(JSON.stringify({ type: "signal", to: ID, from: "forged", extra: 1, data: { ...candidate, evil: "<script>" } }));
    expect(r.ok && JSON.stringify(r.message)).not.toContain("forged");
    expect(r.ok && JSON.stringify(r.message)).not.toContain("evil");
  });

  test("refuses bad JSON", () => {
    expect(refused("{")).toBe("bad-json");
    expect(refused("")).toBe("bad-json");
  });

  test("refuses non-objects and unknown types", () => {
    for (const raw of ["null", "1", '"x"', "[]", "{}", '{"type":"nope"}', '{"type":1}', '{"type":"welcome"}']) expect(refused(raw)).toBe("bad-message");
  });

  test("refuses wrong field types", () => {
    const bad = [
      { type: "signal", to: 5, data: candidate },
      { type: "signal", to: "", data: candidate },
      { type: "signal", to: "x".repeat(65), data: candidate },
      { type: "signal", to: "not-a-device-id", data: candidate },
      { type: "signal", to: ID },
      { type: "signal", to: ID, data: "offer" },
      { type: "signal", to: ID, data: { link: "testLink0001", kind: "description", description: { type: "bogus" } } },
      { type: "signal", to: ID, data: { link: "testLink0001", kind: "description", description: { type: "offer", sdp: 7 } } },
      { type: "signal", to: ID, data: { link: "testLink0001", kind: "candidate", candidate: { candidate: 1 } } },
      { type: "signal", to: ID, data: { link: "testLink0001", kind: "candidate", candidate: { candidate: "c", sdpMLineIndex: -1 } } },
      { type: "signal", to: ID, data: { link: "testLink0001", kind: "candidate", candidate: { candidate: "c", sdpMid: {} } } },
      { type: "signal", to: ID, data: { kind: "knock" } },
      { type: "signal", to: ID, data: { link: "short", kind: "knock" } },
      { type: "signal", to: ID, data: { link: "testLink0001", to: "bad link id!", kind: "knock" } },
      { type: "rename", name: 42 },
    ];
    for (const m of bad) expect(refused(JSON.stringify(m))).toBe("bad-message");
  });

  test("refuses oversized and binary frames", () => {
    expect(refused(JSON.stringify({ type: "rename", name: "x".repeat(MAX_FRAME_BYTES) }))).toBe("too-large");
    expect(refused(new Uint8Array([1, 2, 3]))).toBe("bad-message");
  });

  test("cleans display names: no control characters, a line break is a space, bounded length", () => {
    const r = parseClientMessage(JSON.stringify({ type: "rename", name: " Kitchen\u0000 iPad\n" + "x".repeat(100) }));
    expect(r.ok && r.message.type === "rename" && r.message.name).toBe(("Kitchen iPad " + "x".repeat(100)).slice(0, 40));
  });
});

describe("names and texts from other devices", () => {
  const renamed = (name: string) => {
    const r = parseClientMessage(JSON.stringify({ type: "rename", name }));
    if (!r.ok) return r.code;
    return r.message.type === "rename" ? r.message.name : r.message.type;
  };

  test("bidi controls cannot reverse a name or the sentence around it", () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE shows "photo\u202Egpj.exe" as "photoexe.jpg".
    expect(renamed("photo\u202egpj.exe")).toBe("photogpj.exe");
    for (const c of ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"])
      expect(renamed(`Lap${c}top`)).toBe("Laptop");
  });

  test("a name of nothing visible is refused with bad-name", () => {
    for (const name of ["   ", "\u0000\u0007", "\u200b\u200b\u200b", "\u200d\u200c", "\u2060\ufeff", "\u3164\u3164", "\u2800", "\u115f\u1160", "\u00ad", "\u202e\u202e", "\u0301\u0301", "\u2028\u2029"])
      expect([name, renamed(name)]).toEqual([name, "bad-name"]);
  });

  test("real names in any script, with emoji sequences and joiners, pass unchanged", () => {
    for (const name of ["Kitchen iPad", "מחשב של דנה", "جهاز أحمد", "王的电脑", "Ёлка", "👨‍👩‍👧 Family", "🇩🇪 Laptop", "मेरा फ़ोन", "می‌خواهم"])
      expect(renamed(name)).toBe(name.normalize("NFC"));
  });

  test("white space collapses to single spaces; long names are cut at a code point, not inside a surrogate pair", () => {
    expect(renamed(" a\t\tb\u2028c\u3000d ")).toBe("a b c d");
    const cut = cleanName("😀".repeat(50));
    expect(Array.from(cut)).toHaveLength(MAX_NAME_LENGTH);
    expect(cut).toBe("😀".repeat(MAX_NAME_LENGTH));
  });

  test("stacked combining marks are capped, so one name cannot tower over the page", () => {
    expect(cleanText("Z" + "\u0300".repeat(200))).toBe("Z" + "\u0300".repeat(4));
  });
});

describe("identity, pairing and room messages", () => {
  const hello = { type: "hello", publicKey: "A".repeat(43), signature: "B".repeat(86), name: "Kitchen", paired: [ID, ID], unpaired: [], room: null };

  test("a hello is taken with its fields checked and duplicate claims folded", () => {
    const r = parseClientMessage(JSON.stringify({ ...hello, extra: 1 }));
    expect(r).toEqual({ ok: true, message: { ...hello, paired: [ID] } as never });
    const noName = parseClientMessage(JSON.stringify({ ...hello, name: "  \u0007 " }));
    expect(noName.ok && noName.message.type === "hello" && noName.message.name).toBeNull();
    expect(parseClientMessage(JSON.stringify({ ...hello, room: "ABCDEFGH" })).ok).toBe(true);
  });

  test("malformed hellos are refused with a reason", () => {
    const bad = [
      { ...hello, publicKey: undefined },
      { ...hello, publicKey: "x".repeat(65) },
      { ...hello, publicKey: "has spaces" },
      { ...hello, signature: 5 },
      { ...hello, name: 7 },
      { ...hello, paired: "all" },
      { ...hello, paired: ["short"] },
      { ...hello, paired: Array.from({ length: 101 }, () => ID) },
      { ...hello, unpaired: undefined },
      { ...hello, room: "abcdefgh" },
      { ...hello, room: "ABCDEFGU" },
    ];
    for (const m of bad) {
      const r = parseClientMessage(JSON.stringify(m));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain("hello");
    }
  });

  test("pairing and room messages", () => {
    const ok = [
      { type: "pair-code-request" },
      { type: "pair-join", code: "012345" },
      { type: "pair-confirm", id: ID },
      { type: "pair-cancel", id: ID2 },
      { type: "pair-cancel", id: null },
      { type: "unpair", id: ID },
      { type: "room-create" },
      { type: "room-join", code: "0123ABCD" },
      { type: "room-leave" },
    ];
    for (const m of ok) expect(parseClientMessage(JSON.stringify(m))).toEqual({ ok: true, message: m as never });
    const bad = [
      { type: "pair-join", code: "12345" },
      { type: "pair-join", code: 123456 },
      { type: "pair-confirm", id: "x" },
      { type: "pair-cancel" },
      { type: "unpair" },
      { type: "room-join", code: "short" },
      { type: "room-join", code: "0123abcd" },
    ];
    for (const m of bad) expect(refused(JSON.stringify(m))).toBe("bad-message");
  });
});
