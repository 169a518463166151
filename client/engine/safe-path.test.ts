import { describe, expect, test } from "bun:test";
import { MAX_DEPTH, MAX_SEGMENT_BYTES, isRefusal, safeSegment, safeSegments, safeTree, type SafeTree } from "./safe-path";

const bytes = (s: string) => new TextEncoder().encode(s).length;

function tree(files: string[], dirs: string[] = []): SafeTree {
  const t = safeTree(files, dirs);
  if (isRefusal(t)) throw new Error(`refused: ${JSON.stringify(t)}`);
  return t;
}

describe("a peer's relative paths stay inside the target folder", () => {
  test("climbing out, absolute paths and drive letters become plain relative paths", () => {
    expect(tree(["../x", "/etc/x", "a/../../b", "C:\\Windows\\x.dll", "\\\\server\\share\\y", "./z", "a/./c"]).files).toEqual([
      "x",
      "etc/x",
      "a/b",
      "C_/Windows/x.dll",
      "server/share/y",
      "z",
      "a/c",
    ]);
  });

  test("no segment of any result is empty, '.', '..' or holds a separator", () => {
    const hostile = ["..", "../..", "/", "a//b", "...", ". .", "a/ ../b", "x\\..\\..\\y", "\u202e../..", "..\u0000/e"];
    for (const p of tree(hostile).files)
      for (const seg of p.split("/")) {
        expect(seg).not.toBe("");
        expect(seg).not.toMatch(/^\.+$/);
        expect(seg).not.toMatch(/[\\/]/);
      }
  });

  test("a path that leaves nothing usable is called unnamed", () => {
    expect(tree(["../..", ""]).files).toEqual(["unnamed", "unnamed (2)"]);
  });
});

describe("names Windows and people could be fooled by", () => {
  test("device names are prefixed, with or without an extension, in any case", () => {
    expect(["CON", "nul.txt", "Com1", "LPT9.tar.gz", "com¹", "CONOUT$", "aux ", "console", "com10"].map(safeSegment)).toEqual([
      "_CON",
      "_nul.txt",
      "_Com1",
      "_LPT9.tar.gz",
      "_com¹",
      "_CONOUT$",
      "_aux",
      "console",
      "com10",
    ]);
  });

  test("control, bidi and forbidden characters are replaced; trailing dots and spaces dropped", () => {
    expect(safeSegment("evil\u202etxt.exe")).toBe("evil_txt.exe");
    expect(safeSegment("a\u0000b\u0007c\u009f")).toBe("a_b_c_");
    expect(safeSegment("q?u*o<t>e:s|\"")).toBe("q_u_o_t_e_s__");
    expect(safeSegment("zero\u200bwidth\u2066")).toBe("zero_width_");
    expect(safeSegment("name. . ")).toBe("name");
    expect(safeSegment("  lead")).toBe("lead");
  });

  test("shortcut files do not keep an extension Windows would act on", () => {
    expect(safeSegment("open me.lnk")).toBe("open me.lnk_");
    expect(safeSegment("site.URL")).toBe("site.URL_");
  });

  test("unicode is kept, in composed form", () => {
    expect(safeSegment("Fotos 📷 été")).toBe("Fotos 📷 été");
    expect(safeSegment("e\u0301te\u0301")).toBe("\u00e9t\u00e9");
  });
});

describe("lengths are bounded", () => {
  test("a 300-character segment is cut to the byte limit, keeping its extension and whole characters", () => {
    const long = `${"é".repeat(300)}.jpeg`;
    const s = safeSegment(long);
    expect(bytes(s)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(s.endsWith(".jpeg")).toBe(true);
    expect(s).toMatch(/^é+\.jpeg$/);
    const emoji = safeSegment("😀".repeat(300));
    expect(bytes(emoji)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(emoji).toMatch(/^(😀)+$/u);
    expect(tree([`${"d".repeat(300)}/${"f".repeat(300)}`]).files[0]!.split("/").every((seg) => bytes(seg) <= MAX_SEGMENT_BYTES)).toBe(true);
  });

  test("a path too deep or too long once cleaned is refused, naming the file", () => {
    expect(safeTree(["ok", Array(MAX_DEPTH + 1).fill("d").join("/")])).toEqual({ kind: "file", index: 1, why: "too-deep" });
    expect(safeTree(["ok"], [Array(20).fill("x".repeat(200)).join("/")])).toEqual({ kind: "dir", index: 0, why: "too-long" });
    expect(isRefusal(safeTree([Array(MAX_DEPTH).fill("d").join("/")]))).toBe(false);
  });
});

describe("every file of an offer gets its own path", () => {
  test("paths that clean to the same name, or differ only in case, are numbered", () => {
    const t = tree(["a/b.txt", "a/./b.txt", "A/B.TXT", "CON", "_CON", "x", "x"]);
    expect(t.files).toEqual(["a/b.txt", "a/b (2).txt", "A/B (3).TXT", "_CON", "_CON (2)", "x", "x (2)"]);
    expect(new Set(t.files.map((f) => f.toLowerCase())).size).toBe(t.files.length);
  });

  test("a file never takes a name a folder of the same offer needs", () => {
    expect(tree(["photos", "photos/1.jpg"]).files).toEqual(["photos (2)", "photos/1.jpg"]);
    expect(tree(["empty"], ["empty"]).files).toEqual(["empty (2)"]);
  });

  test("empty folders are kept, cleaned, and dropped when a file's folder already makes them", () => {
    const t = tree(["Photos/2023/a.jpg"], ["Photos/empty", "Photos/2023", "../up", "..", "Photos/empty"]);
    expect(t.dirs).toEqual(["Photos/empty", "up"]);
  });

  test("a safe tree is left as it was and counts no renames", () => {
    const t = tree(["Photos/2023/IMG_0001.jpg", "Photos/notes ✓.txt", "readme.md"], ["Photos/empty"]);
    expect(t).toEqual({ files: ["Photos/2023/IMG_0001.jpg", "Photos/notes ✓.txt", "readme.md"], dirs: ["Photos/empty"], renamed: 0 });
    expect(tree(["../x", "x"]).renamed).toBe(2);
  });

  test("thousands of same-named files in one folder all get their own number", () => {
    const t = tree(Array.from({ length: 3000 }, () => "Photos/IMG.jpg"));
    expect(new Set(t.files).size).toBe(3000);
    expect(t.files[2999]).toBe("Photos/IMG (3000).jpg");
  });
});

test("safeSegments splits on both separators", () => {
  expect(safeSegments("a\\b/c")).toEqual(["a", "b", "c"]);
});
