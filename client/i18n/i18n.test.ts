import { describe, expect, test } from "bun:test";
import type { EndReason, Notice } from "../engine/types";
import { FILE_FAULTS } from "../engine/types";
import { describeNotice, describeReason, describeRefusal } from "./describe";
import { LANGUAGES, matchLocale } from "./index";

type Tree = Record<string, unknown>;

/** Every key path of a language file with the kind of its value; functions also carry their arity. */
function shape(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (typeof value === "function") return [`${path}: function/${value.length}`];
    if (typeof value === "object" && value !== null) return shape(value as Tree, `${path}.`);
    return [`${path}: ${typeof value}`];
  });
}

function strings(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] => {
    if (typeof value === "string") return [[`${prefix}${key}`, value]];
    if (typeof value === "object" && value !== null) return strings(value as Tree, `${prefix}${key}.`);
    return [];
  });
}

const others = Object.entries(LANGUAGES).filter(([tag]) => tag !== "en");
const CJK = /[\u3400-\u9fff]/;
/** Strings that are the same in every language (the brand, and a route with nothing to say). */
const UNTRANSLATED = new Set(["appName", "route.idle", "routeTitle.idle"]);

describe("every language", () => {
  for (const [tag, words] of others) {
    test(`${tag} has every key English has, of the same kind, and no others`, () => {
      expect(shape(words as Tree)).toEqual(shape(LANGUAGES.en as Tree));
    });

    test(`${tag} is translated, not English left in place`, () => {
      const english = new Map(strings(LANGUAGES.en as Tree));
      for (const [path, value] of strings(words as Tree)) {
        if (UNTRANSLATED.has(path)) continue;
        expect({ path, translated: CJK.test(value) && value !== english.get(path) }).toEqual({ path, translated: true });
      }
    });
  }

  const reasons: EndReason[] = [
    { code: "declined", by: "me" },
    { code: "declined", by: "peer" },
    { code: "cancelled", by: "me" },
    { code: "cancelled", by: "peer" },
    { code: "no-path", relay: true },
    { code: "no-path", relay: false },
    { code: "server-lost", restart: true },
    { code: "server-lost", restart: false },
    { code: "link-lost" },
    { code: "peer-left" },
    { code: "send-failed" },
    { code: "send-failed", detail: "NotReadableError" },
    { code: "peer-refused" },
    { code: "peer-busy" },
    ...FILE_FAULTS.flatMap((fault) => (["me", "peer"] as const).map((by): EndReason => ({ code: "file-fault", fault, by, file: "a.txt" }))),
  ];
  const notices: Notice[] = [
    { code: "text-too-long", peerId: "p", max: 100000 },
    { code: "text-failed", peerId: "p", peerName: "Calm Otter" },
    { code: "text-refused", peerId: "p", peerName: "Calm Otter" },
    { code: "no-path", peerId: "p", peerName: "Calm Otter" },
    { code: "unpaired-by-peer", peerName: "Calm Otter" },
    { code: "room-code-invalid" },
    { code: "room-full" },
    { code: "room-too-many-guesses" },
  ];

  for (const [tag, words] of Object.entries(LANGUAGES)) {
    test(`${tag} has words for every reason and notice the engine can send`, () => {
      const said = new Set<string>();
      for (const r of reasons) said.add(describeReason(words, r, "Calm Otter"));
      for (const n of notices) said.add(describeNotice(words, n));
      const refusals = (["no-proof", "wrong-device"] as const).map((why) => describeRefusal(words, why, "Calm Otter", false));
      for (const r of [...refusals, describeRefusal(words, "bad-signature", "Calm Otter", true)]) said.add(r);
      // Each code reads differently, and none comes out empty.
      expect(said.size).toBe(reasons.length + notices.length + 3);
      for (const s of said) expect(s.trim().length).toBeGreaterThan(0);
    });
  }

  test("plurals and numbers follow the language", () => {
    expect(LANGUAGES.en.incoming.files(1)).toBe("1 file");
    expect(LANGUAGES.en.incoming.files(1200)).toBe("1,200 files");
    expect(LANGUAGES["zh-CN"].incoming.files(1)).toBe("1 个文件");
    expect(LANGUAGES["zh-TW"].incoming.files(3)).toBe("3 個檔案");
    expect(describeNotice(LANGUAGES.en, notices[0]!)).toContain("100,000");
  });
});

describe("matchLocale", () => {
  test("takes the first preferred language Ferry speaks", () => {
    expect(matchLocale(["fr-FR", "zh-CN", "en"])).toBe("zh-CN");
    expect(matchLocale(["en-GB", "zh-CN"])).toBe("en");
  });
  test("gives Traditional Chinese to zh-Hant and the regions that write it", () => {
    for (const tag of ["zh-TW", "zh-Hant", "zh-Hant-TW", "zh-HK", "zh-MO"]) expect(matchLocale([tag])).toBe("zh-TW");
    for (const tag of ["zh", "zh-CN", "zh-Hans", "zh-SG", "ZH-cn"]) expect(matchLocale([tag])).toBe("zh-CN");
  });
  test("falls back to English", () => {
    expect(matchLocale(["de", "ja"])).toBe("en");
    expect(matchLocale([])).toBe("en");
  });
});
