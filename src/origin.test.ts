import { describe, expect, test } from "bun:test";
import { originAllowed } from "./origin";

describe("WebSocket origin check", () => {
  test("our own page passes, as the browser reached us", () => {
    expect(originAllowed("http://192.168.1.20:8080", "192.168.1.20:8080", ["http"], [])).toBe(true);
    expect(originAllowed("https://ferry.example.org", "ferry.example.org", ["https"], [])).toBe(true);
    expect(originAllowed("https://ferry.example.org", "Ferry.Example.org:443", ["https"], [])).toBe(true);
    expect(originAllowed("http://[fd00::20]:8080", "[fd00::20]:8080", ["http"], [])).toBe(true);
  });

  test("a page of another site, port or scheme is refused", () => {
    expect(originAllowed("http://evil.lan:8080", "192.168.1.20:8080", ["http"], [])).toBe(false);
    expect(originAllowed("http://192.168.1.20:9999", "192.168.1.20:8080", ["http"], [])).toBe(false);
    expect(originAllowed("https://192.168.1.20:8080", "192.168.1.20:8080", ["http"], [])).toBe(false);
    expect(originAllowed("null", "192.168.1.20:8080", ["http"], [])).toBe(false);
    expect(originAllowed("", "192.168.1.20:8080", ["http"], [])).toBe(false);
    expect(originAllowed("http://192.168.1.20:8080", null, ["http"], [])).toBe(false);
  });

  test("behind a proxy that ends TLS, the https origin of the same host passes", () => {
    expect(originAllowed("https://ferry.example.org", "ferry.example.org", ["http", "https"], [])).toBe(true);
    expect(originAllowed("https://other.example.org", "ferry.example.org", ["http", "https"], [])).toBe(false);
  });

  test("extra allowed origins pass whatever the Host", () => {
    expect(originAllowed("http://localhost:5173", "127.0.0.1:8080", ["http"], ["http://localhost:5173"])).toBe(true);
    expect(originAllowed("HTTP://LOCALHOST:5173", "127.0.0.1:8080", ["http"], ["http://localhost:5173"])).toBe(true);
  });

  test("a client without an Origin header (not a browser) passes", () => {
    expect(originAllowed(null, "192.168.1.20:8080", ["http"], [])).toBe(true);
    expect(originAllowed(null, null, ["http"], [])).toBe(true);
  });
});
