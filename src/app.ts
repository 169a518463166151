// HTTP routes: health, a tiny API, and the built UI. WebSocket upgrades are handled before Hono (main.ts).
import { Hono } from "hono";
import type { Assets } from "./static-assets";
import type { Logger } from "./log";
import { inAny, LOOPBACK, parseIp } from "./cidr";

export interface AppDeps {
  assets: Assets;
  version: string;
  connections: () => number;
  /** This machine's addresses that other devices can reach (lan-addresses.ts). */
  lanAddresses: () => string[];
  log: Logger;
}

/** What main.ts passes along with each request: the address of the socket it came in on. */
export type AppEnv = { Bindings: { ip: string } };

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  webmanifest: "application/manifest+json",
  txt: "text/plain; charset=utf-8",
};

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    deps.log.info(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
  });

  app.get("/healthz", (c) => c.json({ ok: true, version: deps.version, connections: deps.connections() }));
  app.get("/api/version", (c) => c.json({ version: deps.version }));
  // A page opened as localhost cannot show other devices a usable address; the machine's own browser may ask.
  // Anyone else gets nothing: a VPS's internal addresses are nobody's business.
  app.get("/api/lan-addresses", (c) => {
    const ip = parseIp(c.env?.ip ?? "");
    if (!ip || !inAny(LOOPBACK, ip)) return c.json({ error: "only answered to this machine's own browser" }, 403);
    return c.json({ addresses: deps.lanAddresses() });
  });

  app.get("*", (c) => {
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const asset = deps.assets.get(path) ?? (path.includes(".") ? undefined : deps.assets.get("/index.html"));
    if (!asset) return c.text("Not found", 404);
    const ext = (path.includes(".") ? path : "/index.html").split(".").pop()!;
    const hashed = path.startsWith("/assets/");
    return c.body(asset.stream(), 200, {
      "content-type": TYPES[ext] ?? (asset.type || "application/octet-stream"),
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      ...SECURITY_HEADERS,
    });
  });

  app.onError((err, c) => {
    deps.log.error(`${c.req.method} ${c.req.path}: ${err.message}`);
    return c.text("Internal error", 500);
  });

  return app;
}
