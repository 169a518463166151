import { describe, expect, test } from "bun:test";
import { createApp } from "./app";
import { createLogger } from "./log";

const app = createApp({
  assets: new Map([["/index.html", new Blob(["<!doctype html><title>Ferry</title>"])]]),
  version: "9.9.9",
  connections: () => 3,
  lanAddresses: () => ["192.168.1.20", "fd00::20"],
  log: createLogger("error", () => {}),
});
const get = (path: string, ip: string) => app.fetch(new Request(`http://ferry.test${path}`), { ip });

describe("HTTP routes", () => {
  test("health answers with the version and the number of connections", async () => {
    expect(await (await get("/healthz", "203.0.113.1")).json()).toEqual({ ok: true, version: "9.9.9", connections: 3 });
  });

  test("the machine's LAN addresses are told to its own browser only", async () => {
    expect(await (await get("/api/lan-addresses", "127.0.0.1")).json()).toEqual({ addresses: ["192.168.1.20", "fd00::20"] });
    expect((await get("/api/lan-addresses", "::1")).status).toBe(200);
    expect((await get("/api/lan-addresses", "::ffff:127.0.0.1")).status).toBe(200);
    for (const ip of ["192.168.1.30", "203.0.113.1", ""]) expect((await get("/api/lan-addresses", ip)).status).toBe(403);
  });

  test("pages get the UI with a strict content security policy; unknown files are 404", async () => {
    const page = await get("/some/route", "203.0.113.1");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await get("/missing.js", "203.0.113.1")).status).toBe(404);
  });
});
