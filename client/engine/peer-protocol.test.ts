import { describe, expect, test } from "bun:test";
import { MAX_BLOCKS_PER_MESSAGE, MAX_FILES_PER_OFFER, MAX_PATH_LENGTH, MAX_TEXT_LENGTH, parsePeerMessage } from "./peer-protocol";

const sha = "a".repeat(64);

describe("messages from the other browser", () => {
  test("well-formed messages parse, keeping only known fields", () => {
    expect(parsePeerMessage(JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "", extra: 1 }] }))).toEqual({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }], dirs: [], totalFiles: 1, totalDirs: 0 });
    expect(parsePeerMessage(JSON.stringify({ type: "offer", id: "t", files: [{ name: "d/a", size: 1, type: "" }], dirs: ["d/e"], totalFiles: 3000, totalDirs: 2 }))).toEqual({ type: "offer", id: "t", files: [{ name: "d/a", size: 1, type: "" }], dirs: ["d/e"], totalFiles: 3000, totalDirs: 2 });
    expect(parsePeerMessage(JSON.stringify({ type: "offer-part", id: "t", files: [], dirs: ["x"] }))).toEqual({ type: "offer-part", id: "t", files: [], dirs: ["x"] });
    expect(parsePeerMessage(JSON.stringify({ type: "file-end", id: "t", index: 0, sha256: sha }))).toEqual({ type: "file-end", id: "t", index: 0, sha256: sha });
    expect(parsePeerMessage(JSON.stringify({ type: "blocks", id: "t", index: 1, first: 16, sha256: sha + sha }))).toEqual({ type: "blocks", id: "t", index: 1, first: 16, sha256: sha + sha });
    expect(parsePeerMessage(JSON.stringify({ type: "text", id: "t", text: "<b>hi</b>" }))).toEqual({ type: "text", id: "t", text: "<b>hi</b>" });
    expect(parsePeerMessage(JSON.stringify({ type: "path", id: "path", relayed: true }))).toEqual({ type: "path", id: "path", relayed: true });
    expect(parsePeerMessage(JSON.stringify({ type: "busy", id: "t1", what: "texts", extra: 1 }))).toEqual({ type: "busy", id: "t1", what: "texts" });
    expect(parsePeerMessage(JSON.stringify({ type: "failed", id: "t", fault: "corrupted", index: 2 }))).toEqual({ type: "failed", id: "t", fault: "corrupted", index: 2 });
    expect(parsePeerMessage(JSON.stringify({ type: "cancel", id: "t", reason: "ignored" }))).toEqual({ type: "cancel", id: "t" });
    expect(parsePeerMessage(JSON.stringify({ type: "file-start", id: "t", index: 1 }))).toEqual({ type: "file-start", id: "t", index: 1, offset: 0 });
    expect(parsePeerMessage(JSON.stringify({ type: "file-start", id: "t", index: 1, offset: 262144 }))).toEqual({ type: "file-start", id: "t", index: 1, offset: 262144 });
    expect(parsePeerMessage(JSON.stringify({ type: "resume", id: "t", index: 0, offset: 524288, sha256: sha }))).toEqual({ type: "resume", id: "t", index: 0, offset: 524288, sha256: sha });
    expect(parsePeerMessage(JSON.stringify({ type: "resume-ask", id: "t" }))).toEqual({ type: "resume-ask", id: "t" });
    expect(parsePeerMessage(JSON.stringify({ type: "offer-shown", id: "t", files: 3 }))).toEqual({ type: "offer-shown", id: "t" });
    expect(parsePeerMessage(JSON.stringify({ type: "resume-wait", id: "t", files: ["ignored"] }))).toEqual({ type: "resume-wait", id: "t" });
    expect(parsePeerMessage(JSON.stringify({ type: "proof", id: "proof", publicKey: "a-_B", signature: "c", extra: 1 }))).toEqual({ type: "proof", id: "proof", publicKey: "a-_B", signature: "c" });
  });

  test("malformed messages are refused", () => {
    const bad = [
      "{",
      "null",
      JSON.stringify({ type: "accept" }),
      JSON.stringify({ type: "proof", id: "proof", publicKey: "a b", signature: "c" }),
      JSON.stringify({ type: "proof", id: "proof", publicKey: "a".repeat(65), signature: "c" }),
      JSON.stringify({ type: "proof", id: "proof", publicKey: "a" }),
      JSON.stringify({ type: "nope", id: "t" }),
      JSON.stringify({ type: "offer", id: "t", files: [] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: -1, type: "" }] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1.5, type: "" }] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a".repeat(MAX_PATH_LENGTH + 1), size: 1, type: "" }] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }], totalFiles: MAX_FILES_PER_OFFER + 1 }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }, { name: "b", size: 1, type: "" }], totalFiles: 1 }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }], dirs: [3] }),
      JSON.stringify({ type: "offer", id: "t", files: [{ name: "a", size: 1, type: "" }], dirs: "x" }),
      JSON.stringify({ type: "offer-part", id: "t", dirs: [] }),
      JSON.stringify({ type: "file-start", id: "t", index: -1 }),
      JSON.stringify({ type: "file-start", id: "t", index: 0, offset: -5 }),
      JSON.stringify({ type: "file-start", id: "t", index: 0, offset: 2 ** 60 }),
      JSON.stringify({ type: "resume", id: "t", index: 0, offset: 0 }),
      JSON.stringify({ type: "resume", id: "t", index: 0, offset: 1.5, sha256: sha }),
      JSON.stringify({ type: "resume", id: "t", index: -1, offset: 0, sha256: sha }),
      JSON.stringify({ type: "resume", id: "t", index: 0, offset: "0", sha256: sha }),
      JSON.stringify({ type: "file-end", id: "t", index: 0, sha256: "xyz" }),
      JSON.stringify({ type: "blocks", id: "t", index: 0, first: 0, sha256: "" }),
      JSON.stringify({ type: "blocks", id: "t", index: 0, first: 0, sha256: sha + "ab" }),
      JSON.stringify({ type: "blocks", id: "t", index: 0, first: -1, sha256: sha }),
      JSON.stringify({ type: "blocks", id: "t", index: 0, first: 0, sha256: sha.toUpperCase() }),
      JSON.stringify({ type: "blocks", id: "t", index: 0, first: 0, sha256: sha.repeat(MAX_BLOCKS_PER_MESSAGE + 1) }),
      JSON.stringify({ type: "failed", id: "t", fault: "<b>free text</b>", index: 0 }),
      JSON.stringify({ type: "failed", id: "t", fault: "corrupted" }),
      JSON.stringify({ type: "text", id: "t", text: "x".repeat(MAX_TEXT_LENGTH + 1) }),
      JSON.stringify({ type: "path", id: "p", relayed: "yes" }),
      JSON.stringify({ type: "busy", id: "b", what: "everything" }),
      JSON.stringify({ type: "accept", id: "x".repeat(65) }),
      JSON.stringify({ type: "resume-wait" }),
      JSON.stringify({ type: "offer-shown", id: "" }),
      JSON.stringify({ type: "resume-wait", id: 7 }),
    ];
    for (const raw of bad) expect(parsePeerMessage(raw)).toBeNull();
  });
});
