import { describe, expect, test } from "bun:test";
import { MAX_TEXT_LENGTH, parsePeerMessage } from "./peer-protocol";

const sha = "a".repeat(64);

describe("messages from the other browser", () => {
  test("well-formed messages parse, keeping only known fields", () => {
    expect(parsePeerMessage(JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "", extra: 1 }] }))).toEqual({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }] });
    expect(parsePeerMessage(JSON.stringify({ type: "file-end", id: "t", index: 0, sha256: sha }))).toEqual({ type: "file-end", id: "t", index: 0, sha256: sha });
    expect(parsePeerMessage(JSON.stringify({ type: "text", id: "t", text: "<b>hi</b>" }))).toEqual({ type: "text", id: "t", text: "<b>hi</b>" });
    expect(parsePeerMessage(JSON.stringify({ type: "path", id: "path", relayed: true }))).toEqual({ type: "path", id: "path", relayed: true });
  });

  test("malformed messages are refused", () => {
    const bad = [
      "{",
      "null",
      JSON.stringify({ type: "accept" }),
      JSON.stringify({ type: "nope", id: "t" }),
      JSON.stringify({ type: "offer", id: "t", files: [] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: -1, type: "" }] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1.5, type: "" }] }),
      JSON.stringify({ type: "file-start", id: "t", index: -1 }),
      JSON.stringify({ type: "file-end", id: "t", index: 0, sha256: "xyz" }),
      JSON.stringify({ type: "cancel", id: "t", reason: 5 }),
      JSON.stringify({ type: "text", id: "t", text: "x".repeat(MAX_TEXT_LENGTH + 1) }),
      JSON.stringify({ type: "path", id: "p", relayed: "yes" }),
      JSON.stringify({ type: "accept", id: "x".repeat(65) }),
    ];
    for (const raw of bad) expect(parsePeerMessage(raw)).toBeNull();
  });
});
