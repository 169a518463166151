// The real entry point, run as users run it: --help, --version, and one clear line for every bad value.
import { describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support/ferry-process";
import pkg from "../package.json";

function ferry(args: string[], env: Record<string, string> = {}) {
  // A clean environment, so an option set in the shell running the tests cannot leak in.
  const r = Bun.spawnSync(["bun", join(ROOT, "src/main.ts"), ...args], { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: tmpdir(), ...env }, timeout: 15_000 });
  return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const tmp = mkdtempSync(join(tmpdir(), "ferry-cli-"));
const notPem = join(tmp, "not.pem");
writeFileSync(notPem, "this is not a certificate\n");

/** Exits non-zero with exactly one line on stderr that names the option, and no stack trace. */
function expectOneLineError(r: ReturnType<typeof ferry>, option: RegExp) {
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^ferry: /);
  expect(lines[0]).toMatch(option);
  expect(r.stderr).not.toMatch(/\bat .*:\d+/);
}

describe("ferry on the command line", () => {
  test("--version prints the package version", () => {
    const r = ferry(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  test("--help lists every option the code reads, each with its environment variable", () => {
    const r = ferry(["--help"]);
    expect(r.code).toBe(0);
    const config = readFileSync(join(ROOT, "src/config.ts"), "utf8");
    // Each entry of the OPTIONS table, and each option parseConfig reads with get<…>("name").
    const table = [...config.matchAll(/flag: "([a-z-]+)", env: "([A-Z_]+)"/g)].map((m) => ({ flag: m[1]!, env: m[2]! }));
    const read = [...config.matchAll(/get<[^>]+>\("([a-z-]+)"\)/g)].map((m) => m[1]!);
    expect(table.length).toBeGreaterThan(15);
    expect(read.length).toBeGreaterThan(15);
    const lines = r.stdout.split("\n");
    for (const flag of read) expect(table.map((o) => o.flag)).toContain(flag);
    for (const o of table) expect(lines.find((l) => l.includes(`--${o.flag} `) && l.includes(`[${o.env}]`)), o.flag).toBeDefined();
    expect(r.stdout).toContain("--help");
    expect(r.stdout).toContain("--version");
  });

  test("the server reads the environment only through the options table", () => {
    const sources = ["src", "turn"].flatMap((d) =>
      readdirSync(join(ROOT, d))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
        .map((f) => readFileSync(join(ROOT, d, f), "utf8")),
    );
    const direct = sources.flatMap((s) => [...s.matchAll(/(?:process|Bun)\.env\.([A-Z_]+)|(?:process|Bun)\.env\["([A-Z_]+)"\]/g)]).map((m) => m[1] ?? m[2]);
    expect(direct).toEqual([]);
  });

  const bad: [string, string[], Record<string, string>, RegExp][] = [
    ["a port of 70000", ["--port", "70000"], {}, /--port \(PORT\) "70000"/],
    ["a port from the environment that is not a number", [], { PORT: "eighty" }, /--port \(PORT\)/],
    ["a missing certificate file", ["--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"], {}, /--tls-cert \(TLS_CERT\).*file not found/],
    ["a certificate without its key", ["--tls-cert", notPem], {}, /--tls-cert\/--tls-key/],
    ["a certificate file that is not PEM", ["--tls-cert", notPem, "--tls-key", notPem, "--no-turn"], {}, /--tls-cert\/--tls-key/],
    ["a malformed CIDR", ["--trust-proxy", "10.0.0.0/40"], {}, /--trust-proxy \(TRUST_PROXY\)/],
    ["a malformed CIDR from the environment", [], { TRUST_PROXY: "10.0.0.1,nonsense" }, /--trust-proxy \(TRUST_PROXY\).*"nonsense"/],
    ["an unknown log level", ["--log-level", "verbose"], {}, /--log-level \(LOG_LEVEL\)/],
    ["a relay port range upside down", ["--turn-min-port", "50000", "--turn-max-port", "49000"], {}, /--turn-min-port/],
    ["an external TURN address that is not an IP", ["--turn-external-ip", "my.vps"], {}, /--turn-external-ip \(TURN_EXTERNAL_IP\)/],
    ["a boolean that is neither true nor false", [], { NO_TURN: "perhaps" }, /--no-turn \(NO_TURN\)/],
    ["an unknown option", ["--colour"], {}, /unknown option --colour/],
    ["a data directory that is a file", ["--data-dir", notPem], {}, /--data-dir \(FERRY_DATA_DIR\)/],
  ];
  for (const [what, args, env, option] of bad) {
    test(`${what} stops start-up with one line naming the option`, () => {
      expectOneLineError(ferry(args, env), option);
    });
  }

  test("a port already in use stops start-up with one line naming --port", () => {
    const taken = Bun.serve({ port: 0, hostname: "0.0.0.0", fetch: () => new Response("") });
    try {
      expectOneLineError(ferry(["--port", String(taken.port), "--no-turn"]), /--port \d+ \(PORT\).*in use/);
    } finally {
      taken.stop(true);
    }
  });

  test("a relay port already in use stops start-up with one line naming --turn-port", async () => {
    const socket = createSocket("udp4");
    const port = await new Promise<number>((resolve) => socket.bind(0, "0.0.0.0", () => resolve(socket.address().port)));
    try {
      expectOneLineError(ferry(["--port", "0", "--turn-port", String(port)]), /--turn-port \d+ \(TURN_PORT\)/);
    } finally {
      socket.close();
    }
  });

  test("a Redis that cannot be reached stops start-up with one line naming --redis-url, without its password", () => {
    // Port 1: nothing listens there, the connection is refused at once.
    expectOneLineError(ferry(["--port", "0", "--no-turn", "--redis-url", "redis://:secret@127.0.0.1:1"]), /cannot reach --redis-url \(REDIS_URL\) redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
  });

  test("a relay TCP or TLS port already in use names --turn-port or --turn-tls-port", () => {
    const taken = Bun.listen({ hostname: "0.0.0.0", port: 0, socket: { data() {} } });
    const dir = mkdtempSync(join(tmpdir(), "ferry-cli-"));
    try {
      expectOneLineError(ferry(["--port", "0", "--turn-port", String(taken.port)]), /--turn-port \d+ \(TURN_PORT\).*TCP port/);
      expectOneLineError(ferry(["--port", "0", "--turn-port", "0", "--tls-self-signed", "--data-dir", dir, "--turn-tls-port", String(taken.port)]), /--turn-tls-port \d+ \(TURN_TLS_PORT\).*TLS port/);
    } finally {
      taken.stop(true);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
