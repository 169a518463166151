import { describe, expect, test } from "bun:test";
import { linkParts } from "./links";

describe("linkParts", () => {
  test("turns http and https addresses into links and keeps the rest as text", () => {
    expect(linkParts("see https://a.example/x?y=1 and http://b.example")).toEqual([
      { text: "see ", href: null },
      { text: "https://a.example/x?y=1", href: "https://a.example/x?y=1" },
      { text: " and ", href: null },
      { text: "http://b.example", href: "http://b.example" },
    ]);
  });

  test("never links other schemes", () => {
    expect(linkParts("javascript:alert(1) data:text/html,<b>x</b>")).toEqual([
      { text: "javascript:alert(1) data:text/html,<b>x</b>", href: null },
    ]);
  });

  test("loses no character, so the parts join back into the text", () => {
    const text = "line one\n  https://x.example/<b>\n\ttail ";
    expect(linkParts(text).map((p) => p.text).join("")).toBe(text);
  });
});
