import { describe, expect, test } from "bun:test";
import { fsi, isolateRuns } from "./isolate";

describe("isolateRuns", () => {
  test("the name is marked and the sentence stays whole", () => {
    const runs = isolateRuns("From Calm Otter", ["Calm Otter"]);
    expect(runs).toEqual([
      { text: "From ", isolate: false },
      { text: "Calm Otter", isolate: true },
    ]);
    expect(runs.map((r) => r.text).join("")).toBe("From Calm Otter");
  });

  test("several names, right-to-left ones too; missing and empty names change nothing", () => {
    const runs = isolateRuns("שלום.txt from דני failed", ["דני", "שלום.txt", "absent", ""]);
    expect(runs.filter((r) => r.isolate).map((r) => r.text)).toEqual(["שלום.txt", "דני"]);
    expect(runs.map((r) => r.text).join("")).toBe("שלום.txt from דני failed");
    expect(isolateRuns("nothing here", ["x y"])).toEqual([{ text: "nothing here", isolate: false }]);
  });

  test("a name inside a longer one is not cut out of it", () => {
    const runs = isolateRuns("Otter sent Calm Otter.txt", ["Otter", "Calm Otter.txt"]);
    expect(runs.filter((r) => r.isolate).map((r) => r.text)).toEqual(["Otter", "Calm Otter.txt"]);
  });
});

test("fsi isolates a name in plain text (attributes, notifications)", () => {
  expect(fsi("Calm Otter")).toBe("\u2068Calm Otter\u2069");
  expect(`From ${fsi("דני")} at 10:00`).toBe("From \u2068דני\u2069 at 10:00");
});
