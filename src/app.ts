// HTTP routes: health, a tiny API, and the built UI. WebSocket upgrades are handled before Hono (main.ts).
import { Hono } from "hono";
import type { Assets } from "./static-assets";
import type { Logger } from "./log";
import { inAny, LOOPBACK, parseIp } from "./cidr";
import { securityHeaders } from "./security-headers";

export interface AppDeps {
  assets: Assets;
  version: string;
  connections: () => number;
  /** This machine's addresses that other devices can reach (lan-addresses.ts). */
  lanAddresses: () => string[];
  log: Logger;
  /** Served over HTTPS: adds HSTS. */
  tls: boolean;
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

/** Headers a proxy adds when it forwards a request; a direct request carries none of them. */
const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "cf-connecting-ip", "via"];

/** "localhost", "x.localhost", 127.x.y.z or [::1], with or without a port: a name only this machine means. */
function isLoopbackHost(host: string): boolean {
  if (!URL.canParse(`http://${host}`)) return false;
  const name = new URL(`http://${host}`).hostname;
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  const ip = parseIp(name);
  return ip !== null && inAny(LOOPBACK, ip);
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  const headers = securityHeaders({ tls: deps.tls });
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
    deps.log.info(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
  });

  app.get("/healthz", (c) => c.json({ ok: true, version: deps.version, connections: deps.connections() }));
  app.get("/api/version", (c) => c.json({ version: deps.version }));
  // A page opened as localhost cannot show other devices a usable address; the machine's own browser may ask.
  // Anyone else gets nothing: a VPS's internal addresses are nobody's business. So: a loopback socket, no
  // proxy in between (a local reverse proxy forwards from anywhere), and a loopback Host (a page of
  // another site whose name was rebound to 127.0.0.1 sends its own name).
  app.get("/api/lan-addresses", (c) => {
    const ip = parseIp(c.env?.ip ?? "");
    const direct = FORWARDING_HEADERS.every((h) => c.req.header(h) === undefined);
    if (!ip || !inAny(LOOPBACK, ip) || !direct || !isLoopbackHost(c.req.header("host") ?? ""))
      return c.json({ error: "only answered to this machine's own browser" }, 403);
    return c.json({ addresses: deps.lanAddresses() });
  });

  // The Web Share Target's POST belongs to the service worker (client/sw.ts). One that reaches the server (the
  // worker not installed yet, or removed) opens the app instead of an error; the server never takes the files.
  app.post("/share", (c) => c.redirect("/", 303));

  app.get("*", (c) => {
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const asset = deps.assets.get(path) ?? (path.includes(".") ? undefined : deps.assets.get("/index.html"));
    if (!asset) return c.text("Not found", 404);
    const ext = (path.includes(".") ? path : "/index.html").split(".").pop()!;
    const hashed = path.startsWith("/assets/");
    return c.body(asset.stream(), 200, {
      "content-type": TYPES[ext] ?? (asset.type || "application/octet-stream"),
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    });
  });

  app.onError((err, c) => {
    deps.log.error(`${c.req.method} ${c.req.path}: ${err.message}`);
    return c.text("Internal error", 500);
  });

  return app;
}
