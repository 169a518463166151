import { describe, expect, test } from "bun:test";
import { MAX_FRAME_BYTES, parseClientMessage } from "./protocol";

const refused = (raw: string | Uint8Array) => {
  const r = parseClientMessage(raw);
  if (r.ok) throw new Error(`accepted ${String(raw).slice(0, 80)}`);
  return r.code;
};
const candidate = { kind: "candidate", candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 } };

describe("client message parsing", () => {
  test("accepts a signal with a description or a candidate", () => {
    const offer = { type: "signal", to: "abc", data: { kind: "description", description: { type: "offer", sdp: "v=0" } } };
    expect(parseClientMessage(JSON.stringify(offer))).toEqual({ ok: true, message: offer as never });
    expect(parseClientMessage(JSON.stringify({ type: "signal", to: "abc", data: candidate })).ok).toBe(true);
    expect(parseClientMessage(JSON.stringify({ type: "signal", to: "abc", data: { kind: "candidate", candidate: null } })).ok).toBe(true);
  });

  test("drops unknown fields instead of relaying them", () => {
    const r = parseClientMessage(JSON.stringify({ type: "signal", to: "abc", from: "forged", extra: 1, data: { ...candidate, evil: "<script>" } }));
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
      { type: "signal", to: "abc" },
      { type: "signal", to: "abc", data: "offer" },
      { type: "signal", to: "abc", data: { kind: "description", description: { type: "bogus" } } },
      { type: "signal", to: "abc", data: { kind: "description", description: { type: "offer", sdp: 7 } } },
      { type: "signal", to: "abc", data: { kind: "candidate", candidate: { candidate: 1 } } },
      { type: "signal", to: "abc", data: { kind: "candidate", candidate: { candidate: "c", sdpMLineIndex: -1 } } },
      { type: "signal", to: "abc", data: { kind: "candidate", candidate: { candidate: "c", sdpMid: {} } } },
      { type: "rename", name: 42 },
      { type: "rename", name: "   " },
      { type: "rename", name: "\u0000\u0007" },
    ];
    for (const m of bad) expect(refused(JSON.stringify(m))).toBe("bad-message");
  });

  test("refuses oversized and binary frames", () => {
    expect(refused(JSON.stringify({ type: "rename", name: "x".repeat(MAX_FRAME_BYTES) }))).toBe("too-large");
    expect(refused(new Uint8Array([1, 2, 3]))).toBe("bad-message");
  });

  test("cleans display names: no control characters, bounded length", () => {
    const r = parseClientMessage(JSON.stringify({ type: "rename", name: " Kitchen\u0000 iPad\n" + "x".repeat(100) }));
    expect(r.ok && r.message.type === "rename" && r.message.name).toBe(("Kitchen iPad" + "x".repeat(100)).slice(0, 40));
  });
});
