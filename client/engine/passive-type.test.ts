import { describe, expect, test } from "bun:test";
import { OPAQUE_TYPE, storedType } from "./passive-type";

describe("storedType", () => {
  test("active or unknown types become application/octet-stream", () => {
    for (const t of ["text/html", "TEXT/HTML", "text/html; charset=utf-8", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml", "application/pdf", "text/javascript", "application/javascript", "multipart/x-mixed-replace", "text/plain+html", "", "nonsense", "image/svg+xml;x=image/png"])
      expect(storedType(t)).toBe(OPAQUE_TYPE);
  });

  test("passive types keep their type, without parameters", () => {
    expect(storedType("image/png")).toBe("image/png");
    expect(storedType("IMAGE/JPEG")).toBe("image/jpeg");
    expect(storedType("video/mp4")).toBe("video/mp4");
    expect(storedType("audio/mpeg")).toBe("audio/mpeg");
    expect(storedType("text/plain; charset=utf-8")).toBe("text/plain");
    expect(storedType(" text/plain ")).toBe("text/plain");
  });
});
