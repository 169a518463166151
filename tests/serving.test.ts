// The server as operators see it: /healthz, log lines by level, and HTTPS + WSS on one port.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startFerry } from "./support/ferry-process";
import pkg from "../package.json";

const logLines = (out: string) => out.split("\n").filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));

describe("health and logs", () => {
  test("/healthz answers ok with the version; the default level logs nothing per request", async () => {
    const ferry = await startFerry(["--no-turn"]);
    try {
      const res = await fetch(`${ferry.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, version: pkg.version, connections: 0 });
      await fetch(`${ferry.url}/`);
      await Bun.sleep(100);
      expect(logLines(ferry.output())).toEqual([]);
    } finally {
      await ferry.stop();
    }
  });

  test("--log-level info writes one line per request and per connection", async () => {
    const ferry = await startFerry(["--no-turn", "--log-level", "info"]);
    try {
      await fetch(`${ferry.url}/healthz`);
      await fetch(`${ferry.url}/missing.png`);
      const ws = new WebSocket(ferry.url.replace("http", "ws") + "/ws");
      await new Promise((resolve) => (ws.onmessage = resolve));
      ws.close();
      await Bun.sleep(200);
      const lines = logLines(ferry.output());
      expect(lines.filter((l) => / INFO {2}GET \/healthz 200 /.test(l))).toHaveLength(1);
      expect(lines.filter((l) => / INFO {2}GET \/missing\.png 404 /.test(l))).toHaveLength(1);
      expect(lines.filter((l) => / INFO {2}ws open /.test(l))).toHaveLength(1);
      expect(lines.filter((l) => / INFO {2}ws close /.test(l))).toHaveLength(1);
    } finally {
      await ferry.stop();
    }
  });
});

/** One raw HTTP exchange over TCP, as old or hostile clients send it. */
async function rawHttp(port: number, request: string): Promise<string> {
  let got = "";
  let closed = false;
  const sock = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data(_s, d) { got += new TextDecoder().decode(d); }, close() { closed = true; }, open() {} } });
  sock.write(request);
  for (const until = Date.now() + 3000; !closed && Date.now() < until && !/\r\n\r\n[\s\S]*\n$/.test(got); ) await Bun.sleep(10);
  sock.end();
  return got;
}

describe("hostile HTTP", () => {
  test("an HTTP/1.0 request without Host gets a small 400: no path, no stack, no source", async () => {
    const ferry = await startFerry(["--no-turn"]);
    try {
      for (const path of ["/", "/ws", "/healthz", "/api/lan-addresses"]) {
        const res = await rawHttp(ferry.port, `GET ${path} HTTP/1.0\r\n\r\n`);
        expect(res.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
        const body = res.slice(res.indexOf("\r\n\r\n") + 4);
        expect(body).toBe("Bad request: a Host header is required\n");
        expect(res).not.toContain(ROOT);
        expect(res.toLowerCase()).toContain("content-security-policy:");
      }
      expect((await fetch(`${ferry.url}/healthz`)).status).toBe(200);
    } finally {
      await ferry.stop();
    }
  });

  test("every response of the running server carries the security headers, plain /ws (426) included", async () => {
    const ferry = await startFerry(["--no-turn"]);
    try {
      const answers = await Promise.all(["/", "/healthz", "/api/version", "/missing.png", "/ws"].map((p) => fetch(`${ferry.url}${p}`)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 404, 426]);
      for (const r of answers) {
        expect(r.headers.get("content-security-policy")).toContain("form-action 'none'");
        expect(r.headers.get("permissions-policy")).toContain("microphone=()");
        expect(r.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      }
      const foreign = await fetch(`${ferry.url}/ws`, { headers: { origin: "http://evil.example", upgrade: "websocket", connection: "Upgrade", "sec-websocket-key": btoa("0123456789abcdef"), "sec-websocket-version": "13" } });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get("content-security-policy")).toContain("default-src 'self'");
    } finally {
      await ferry.stop();
    }
  });
});

describe("HTTPS", () => {
  test("--tls-self-signed serves HTTPS and WSS on one port, prints the fingerprint, and reuses the certificate", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-data-"));
    const ferry = await startFerry(["--no-turn", "--tls-self-signed", "--data-dir", dataDir]);
    const certPath = join(dataDir, "tls", "self-signed-cert.pem");
    const ca = readFileSync(certPath, "utf8");
    const fingerprint = new (await import("node:crypto")).X509Certificate(ca).fingerprint256;
    try {
      expect(ferry.url).toStartWith("https://");
      expect(ferry.output()).toContain(fingerprint);
      expect(ferry.output()).toContain("(new: none was stored yet)");
      // Verified against the stored certificate: it names 127.0.0.1.
      const res = await fetch(`${ferry.url}/healthz`, { tls: { ca } } as RequestInit);
      expect((await res.json()).ok).toBe(true);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
      const ws = new WebSocket(`${ferry.url.replace("https", "wss")}/ws`, { tls: { ca } } as never);
      // The server speaks first over WSS: its challenge to prove a device key.
      const first = await new Promise<{ type: string }>((resolve, reject) => {
        ws.onmessage = (ev) => resolve(JSON.parse(String(ev.data)));
        ws.onerror = () => reject(new Error("WSS failed"));
      });
      expect(first.type).toBe("challenge");
      ws.close();
    } finally {
      await ferry.stop();
    }
    const again = await startFerry(["--no-turn", "--tls-self-signed"], { env: { FERRY_DATA_DIR: dataDir } });
    try {
      expect(again.output()).toContain("(reused)");
      expect(again.output()).toContain(fingerprint);
    } finally {
      await again.stop();
    }
  });

  test("--tls-cert and --tls-key serve the operator's certificate", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ferry-data-"));
    // Make a certificate with one server, then hand its files to another as if the operator had them.
    const maker = await startFerry(["--no-turn", "--tls-self-signed", "--data-dir", dataDir]);
    await maker.stop();
    const cert = join(dataDir, "tls", "self-signed-cert.pem");
    const ferry = await startFerry(["--no-turn"], { env: { TLS_CERT: cert, TLS_KEY: join(dataDir, "tls", "self-signed-key.pem") } });
    try {
      expect(ferry.url).toStartWith("https://");
      const res = await fetch(`${ferry.url}/`, { tls: { ca: readFileSync(cert, "utf8") } } as RequestInit);
      expect(await res.text()).toContain("<!doctype html>");
    } finally {
      await ferry.stop();
    }
  });
});
