import { describe, expect, test } from "bun:test";
import { OfferAssembly, offerMessages } from "./offer-parts";
import { parsePeerMessage, type PeerMessage } from "./peer-protocol";

const photos = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Photos/2023/${String(i).padStart(4, "0")} Sommer am Strand 🌊.jpg`, size: 4_000_000 + i, type: "image/jpeg" }));
const bytesOf = (m: PeerMessage) => new TextEncoder().encode(JSON.stringify(m)).length;

describe("an offer too long for one message", () => {
  test("goes in parts that each fit the channel, and comes back whole through the parser", () => {
    const files = photos(4000);
    const dirs = ["Photos/empty", "Photos/2023/also empty"];
    const max = 256 * 1024;
    const messages = offerMessages("t", files, dirs, max);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(bytesOf(m)).toBeLessThanOrEqual(max);

    const [first, ...rest] = messages.map((m) => parsePeerMessage(JSON.stringify(m))!);
    if (first?.type !== "offer") throw new Error("the first message is not an offer");
    const offer = new OfferAssembly(first);
    expect(offer.complete).toBe(false);
    for (const part of rest) {
      if (part.type !== "offer-part") throw new Error("a later message is not an offer-part");
      expect(offer.add(part)).toBe(true);
    }
    expect(offer.complete).toBe(true);
    expect(offer.files).toEqual(files);
    expect(offer.dirs).toEqual(dirs);
  });

  test("respects a peer's smaller maxMessageSize", () => {
    for (const m of offerMessages("t", photos(300), [], 16 * 1024)) expect(bytesOf(m)).toBeLessThanOrEqual(16 * 1024);
  });

  test("a short offer is one message", () => {
    const messages = offerMessages("t", photos(3), [], 256 * 1024);
    expect(messages).toEqual([{ type: "offer", id: "t", files: photos(3), dirs: [], totalFiles: 3, totalDirs: 0 }]);
    expect(new OfferAssembly(messages[0]).complete).toBe(true);
  });

  test("parts bringing more than the totals announced are refused", () => {
    const offer = new OfferAssembly({ type: "offer", id: "t", files: photos(1), dirs: [], totalFiles: 2, totalDirs: 0 });
    expect(offer.add({ type: "offer-part", id: "t", files: photos(2), dirs: [] })).toBe(false);
    expect(offer.add({ type: "offer-part", id: "t", files: [], dirs: ["x"] })).toBe(false);
    expect(offer.complete).toBe(false);
  });
});
