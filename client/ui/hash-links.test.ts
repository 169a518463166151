import { expect, test } from "bun:test";
import { hashLink, readHashLink } from "./hash-links";

test("pairing and room links are read back, and anything else is nothing", () => {
  expect(readHashLink("#pair=123456")).toEqual({ kind: "pair", code: "123456" });
  expect(readHashLink(hashLink("http://x/", { kind: "room", code: "ABCDEFGH" }).split("/").pop()!)).toEqual({ kind: "room", code: "ABCDEFGH" });
  expect(readHashLink("#room=abcd-efgh")).toEqual({ kind: "room", code: "ABCDEFGH" });
  expect(readHashLink("#pair=12345")).toBeNull();
  expect(readHashLink("#room=<script>")).toBeNull();
  expect(readHashLink("")).toBeNull();
  expect(readHashLink("#other=1")).toBeNull();
});
