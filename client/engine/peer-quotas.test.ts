import { describe, expect, test } from "bun:test";
import { MAX_PENDING_OFFERS_PER_PEER, MAX_REFUSALS_PER_LINK, PeerQuotas, TEXT_BURST } from "./peer-quotas";

describe("PeerQuotas", () => {
  test("offers: refused once the peer has the most waiting", () => {
    const q = new PeerQuotas();
    expect(q.mayOffer(MAX_PENDING_OFFERS_PER_PEER - 1)).toBe(true);
    expect(q.mayOffer(MAX_PENDING_OFFERS_PER_PEER)).toBe(false);
  });

  test("texts: a burst, then one a second, per peer", () => {
    const q = new PeerQuotas();
    const t0 = 1_000_000;
    for (let i = 0; i < TEXT_BURST; i++) expect(q.mayText("a", t0)).toBe(true);
    expect(q.mayText("a", t0)).toBe(false);
    expect(q.mayText("b", t0)).toBe(true);
    expect(q.mayText("a", t0 + 500)).toBe(false);
    expect(q.mayText("a", t0 + 1000)).toBe(true);
  });

  test("a link that earns too many refusals is a flood; a new link starts afresh", () => {
    const q = new PeerQuotas();
    for (let i = 1; i < MAX_REFUSALS_PER_LINK; i++) expect(q.refused("a")).toBe(false);
    expect(q.refused("a")).toBe(true);
    q.forget("a");
    expect(q.refused("a")).toBe(false);
  });
});
