import { describe, expect, test } from "bun:test";
import { Transfer } from "./transfer";
import type { EndReason } from "./types";

const files = [{ name: "a.txt", size: 1, type: "text/plain" }];

function ended(reason: EndReason, opts: { direction?: "send" | "receive"; outgoing?: boolean; restored?: boolean; state?: "failed" | "declined" | "cancelled" } = {}) {
  const t = new Transfer("t1", "p1", "Calm Otter", opts.direction ?? "send", files, () => {});
  if (opts.outgoing !== false) t.outgoing = [new File(["x"], "a.txt")];
  if (opts.restored) t.recorded = [{ ...files[0]!, lastModified: 0, firstBlock: "", lastBlock: "" }];
  t.end(opts.state ?? "failed", reason);
  return t.view.retryable;
}

describe("which failed transfers offer Retry", () => {
  test("a send ended by the path, the server or the peer's page being away can be offered again", () => {
    for (const reason of [{ code: "no-path", relay: false }, { code: "server-lost", restart: true }, { code: "peer-left" }, { code: "link-lost" }, { code: "peer-busy" }] as EndReason[]) expect(ended(reason)).toBe(true);
  });

  test("not one the person or the peer decided, a peer that failed its proof, a receive, or a send without its files here", () => {
    expect(ended({ code: "declined", by: "peer" }, { state: "declined" })).toBe(false);
    expect(ended({ code: "cancelled", by: "me" }, { state: "cancelled" })).toBe(false);
    expect(ended({ code: "peer-refused" })).toBe(false);
    expect(ended({ code: "no-path", relay: true }, { direction: "receive", outgoing: false })).toBe(false);
    expect(ended({ code: "no-path", relay: true }, { restored: true })).toBe(false);
  });
});
