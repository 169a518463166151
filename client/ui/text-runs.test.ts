import { describe, expect, test } from "bun:test";
import { breakRuns, COLLAPSE_ABOVE, MAX_RUN, preview, PREVIEW_CHARS } from "./text-runs";

describe("breakRuns", () => {
  test("ordinary text stays one piece", () => {
    expect(breakRuns("hello world, how are you")).toEqual(["hello world, how are you"]);
  });

  test("a long unbroken run is cut into pieces of at most MAX_RUN that join back to the text", () => {
    const text = "a".repeat(60_000);
    const pieces = breakRuns(text);
    expect(pieces.join("")).toBe(text);
    expect(Math.max(...pieces.map((p) => p.length))).toBe(MAX_RUN);
    expect(pieces.length).toBe(Math.ceil(60_000 / MAX_RUN));
  });

  test("spaces end a run; a surrogate pair is never split", () => {
    expect(breakRuns("abcd efgh", 4)).toEqual(["abcd efgh"]);
    expect(breakRuns("abcdefgh", 4)).toEqual(["abcd", "efgh"]);
    const emoji = "😀".repeat(5); // 10 UTF-16 units
    for (const piece of breakRuns(emoji, 3)) expect(piece).toMatch(/^(?:😀)+$/u);
  });
});

describe("preview", () => {
  test("short texts show whole; long ones their beginning", () => {
    expect(preview("x".repeat(COLLAPSE_ABOVE))).toBeNull();
    expect(preview("x".repeat(COLLAPSE_ABOVE + 1))).toBe("x".repeat(PREVIEW_CHARS));
    expect(preview("😀".repeat(COLLAPSE_ABOVE))!.length).toBe(PREVIEW_CHARS);
    expect(preview("a" + "😀".repeat(COLLAPSE_ABOVE))!.length).toBe(PREVIEW_CHARS - 1);
  });
});
