import { describe, expect, test } from "bun:test";
import { createApp } from "./app";
import { createLogger } from "./log";

const broken = { stream: () => { throw new Error("disk gone at /secret/path"); } } as unknown as Blob;
const deps = {
  assets: new Map([["/index.html", new Blob(["<!doctype html><title>Ferry</title>"])], ["/broken.js", broken]]),
  version: "9.9.9",
  connections: () => 3,
  lanAddresses: () => ["192.168.1.20", "fd00::20"],
  log: createLogger("error", () => {}),
  tls: false,
};
const app = createApp(deps);
const get = (path: string, ip: string, headers: Record<string, string> = { host: "127.0.0.1:8080" }, a = app) =>
  a.fetch(new Request(`http://ferry.test${path}`, { headers }), { ip });

describe("HTTP routes", () => {
  test("health answers with the version and the number of connections", async () => {
    expect(await (await get("/healthz", "203.0.113.1")).json()).toEqual({ ok: true, version: "9.9.9", connections: 3 });
  });

  test("the machine's LAN addresses are told to its own browser only", async () => {
    expect(await (await get("/api/lan-addresses", "127.0.0.1")).json()).toEqual({ addresses: ["192.168.1.20", "fd00::20"] });
    expect((await get("/api/lan-addresses", "::1", { host: "[::1]:8080" })).status).toBe(200);
    expect((await get("/api/lan-addresses", "::ffff:127.0.0.1", { host: "localhost:8080" })).status).toBe(200);
    expect((await get("/api/lan-addresses", "127.0.0.1", { host: "ferry.localhost" })).status).toBe(200);
    for (const ip of ["192.168.1.30", "203.0.113.1", ""]) expect((await get("/api/lan-addresses", ip)).status).toBe(403);
  });

  test("…not through a local reverse proxy, and not to a page whose name was rebound to 127.0.0.1", async () => {
    for (const h of ["x-forwarded-for", "forwarded", "x-real-ip", "cf-connecting-ip", "via", "x-forwarded-host"])
      expect([h, (await get("/api/lan-addresses", "127.0.0.1", { host: "127.0.0.1:8080", [h]: "203.0.113.1" })).status]).toEqual([h, 403]);
    for (const host of ["evil.example:8080", "192.168.1.20:8080", "localhost.evil.example", ""])
      expect([host, (await get("/api/lan-addresses", "127.0.0.1", { host })).status]).toEqual([host, 403]);
    expect((await get("/api/lan-addresses", "127.0.0.1", {})).status).toBe(403);
  });

  test("a share that reaches the server instead of the service worker opens the app, leaving the files unread", async () => {
    const form = new FormData();
    form.append("files", new File(["x"], "x.txt"));
    const res = await app.fetch(new Request("http://ferry.test/share", { method: "POST", body: form }), { ip: "192.168.1.30" });
    expect([res.status, res.headers.get("location")]).toEqual([303, "/"]);
  });

  test("pages get the UI with a strict content security policy; unknown files are 404", async () => {
    const page = await get("/some/route", "203.0.113.1");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await get("/missing.js", "203.0.113.1")).status).toBe(404);
  });

  test("every response carries the security headers: pages, API, health, 404 and 500", async () => {
    const responses = await Promise.all(["/", "/healthz", "/api/version", "/api/lan-addresses", "/missing.js", "/broken.js"].map((p) => get(p, "203.0.113.1")));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 403, 404, 500]);
    for (const r of responses) {
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("connect-src 'self';");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
      expect(csp).toContain("form-action 'none'");
      expect(csp).not.toContain("ws:");
      expect(r.headers.get("permissions-policy")).toContain("camera=()");
      expect(r.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("strict-transport-security")).toBeNull();
    }
    const failed = await responses[5]!.text();
    expect(failed).not.toContain("/secret/path");
    expect(failed.length).toBeLessThan(100);
  });

  test("over TLS every response also carries HSTS", async () => {
    const tlsApp = createApp({ ...deps, tls: true });
    for (const p of ["/", "/healthz", "/missing.js"]) expect((await get(p, "203.0.113.1", undefined, tlsApp)).headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});
