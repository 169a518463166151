import { expect, test } from "bun:test";
import { baseName, fileRows } from "./file-rows";

const f = (name: string, size = 1) => ({ name, size, type: "" });

test("a folder of thousands of files is one row with its count and size; loose files keep their rows", () => {
  const files = [f("notes.txt", 5), ...Array.from({ length: 2143 }, (_, i) => f(`Photos/${i % 12}/IMG_${i}.jpg`, 1000)), f("b.bin", 7)];
  expect(fileRows(files, ["Photos/empty", "Photos/0/deeper"])).toEqual([
    { kind: "file", index: 0, file: files[0]! },
    { kind: "folder", name: "Photos", files: 2143, bytes: 2_143_000, emptyDirs: 2 },
    { kind: "file", index: 2144, file: files[2144]! },
  ]);
});

test("an empty folder sent alone is a row of its own", () => {
  expect(fileRows([f("a")], ["Empty"])).toEqual([
    { kind: "file", index: 0, file: f("a") },
    { kind: "folder", name: "Empty", files: 0, bytes: 0, emptyDirs: 0 },
  ]);
});

test("a download is called by the path's last segment", () => {
  expect(baseName("Photos/2023/a.jpg")).toBe("a.jpg");
  expect(baseName("a.jpg")).toBe("a.jpg");
});
