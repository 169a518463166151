import { describe, expect, test } from "bun:test";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError, OPTIONS, helpText, parseConfig, type Config } from "./config";

const run = (argv: string[], env: Record<string, string> = {}): Config => {
  const r = parseConfig(argv, env);
  if (r.action !== "run") throw new Error(`expected run, got ${r.action}`);
  return r.config;
};
const errorOf = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  test("defaults: port 8080 on every interface, quiet logs, plain HTTP, embedded relay on 3478", () => {
    const c = run([]);
    expect(c.port).toBe(8080);
    expect(c.host).toBe("0.0.0.0");
    expect(c.logLevel).toBe("warn");
    expect(c.tlsCert).toBeNull();
    expect(c.tlsSelfSigned).toBe(false);
    expect(c.trustProxy).toEqual([]);
    expect(c.dataDir).toBe(join(homedir(), ".ferry"));
    expect(c.pairCodeTtl).toBe(120);
    expect(c.turn).toMatchObject({ enabled: true, port: 3478, tlsPort: 5349, relayPortMin: 49152, relayPortMax: 65535, externalIp: null, url: null, secretGiven: false });
    expect(c.turn).toMatchObject({ maxAllocationsPerClient: 10, maxAllocationsPerCredential: 10, allowLoopbackPeers: false, allowPrivatePeers: false });
    expect(c.turn.secret.length).toBeGreaterThanOrEqual(32);
  });

  test("every option reads its environment twin", () => {
    const c = run([], { PORT: "9000", HOST: "127.0.0.1", LOG_LEVEL: "info", TURN_EXTERNAL_IP: "203.0.113.5", NO_TURN: "1", FERRY_DATA_DIR: "/srv/ferry", TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" });
    expect(c).toMatchObject({ port: 9000, host: "127.0.0.1", logLevel: "info", dataDir: "/srv/ferry" });
    expect(c.turn.externalIp).toBe("203.0.113.5");
    expect(c.turn.enabled).toBe(false);
    expect(run([], { TURN_MAX_ALLOCATIONS_PER_CREDENTIAL: "3", TURN_ALLOW_PRIVATE_PEERS: "1" }).turn).toMatchObject({ maxAllocationsPerCredential: 3, allowPrivatePeers: true });
    expect(run([], { TURN_TLS_PORT: "5350" }).turn.tlsPort).toBe(5350);
    expect(c.trustProxy.map((x) => x.prefix)).toEqual([8, 32]);
  });

  test("flags beat the environment", () => {
    expect(run(["--port", "9001"], { PORT: "9000" }).port).toBe(9001);
    expect(run(["--log-level=debug"], { LOG_LEVEL: "error" }).logLevel).toBe("debug");
    expect(run(["--no-turn=false"], { NO_TURN: "true" }).turn.enabled).toBe(true);
  });

  test("an empty environment variable counts as unset", () => {
    expect(run([], { PORT: "" }).port).toBe(8080);
  });

  test("values come as `--x y` or `--x=y`; a bare boolean flag means true", () => {
    expect(run(["--port", "1234"]).port).toBe(1234);
    expect(run(["--port=1234"]).port).toBe(1234);
    expect(run(["--turn-realm=a=b"]).turn.realm).toBe("a=b");
    expect(run(["--tls-self-signed"]).tlsSelfSigned).toBe(true);
    expect(run(["--no-turn"]).turn.enabled).toBe(false);
  });

  test("booleans accept true/false, yes/no, on/off, 1/0 in any case", () => {
    for (const v of ["true", "TRUE", "yes", "on", "1"]) expect(run([], { TLS_SELF_SIGNED: v }).tlsSelfSigned).toBe(true);
    for (const v of ["false", "No", "off", "0"]) expect(run([], { TLS_SELF_SIGNED: v }).tlsSelfSigned).toBe(false);
    expect(errorOf([], { TLS_SELF_SIGNED: "maybe" })).toBe('invalid --tls-self-signed (TLS_SELF_SIGNED) "maybe": must be true or false');
  });

  test("~ in the data directory means the home directory, also from the environment", () => {
    expect(run([], { FERRY_DATA_DIR: "~/ferry-state" }).dataDir).toBe(join(homedir(), "ferry-state"));
    expect(run(["--data-dir", "relative"]).dataDir).toBe(join(process.cwd(), "relative"));
  });

  test("bad values are one line naming the flag and its environment twin", () => {
    expect(errorOf(["--port", "70000"])).toBe('invalid --port (PORT) "70000": must be a port number 0–65535');
    expect(errorOf([], { PORT: "http" })).toMatch(/^invalid --port \(PORT\)/);
    expect(errorOf(["--trust-proxy", "10.0.0.0/33"])).toMatch(/^invalid --trust-proxy \(TRUST_PROXY\).*not an IP address or CIDR/);
    expect(errorOf(["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.pem"])).toMatch(/^invalid --tls-cert \(TLS_CERT\).*file not found/);
    expect(errorOf(["--log-level", "loud"])).toMatch(/^invalid --log-level/);
    expect(errorOf(["--turn-external-ip", "10.0.0.0/8"])).toMatch(/^invalid --turn-external-ip/);
    expect(errorOf(["--turn-min-port", "50000", "--turn-max-port", "40000"])).toMatch(/^invalid --turn-min-port/);
    expect(errorOf(["--turn-lifetime", "0"])).toMatch(/^invalid --turn-lifetime/);
    expect(errorOf(["--data-dir", "/etc/hostname"])).toMatch(/^invalid --data-dir \(FERRY_DATA_DIR\).*not a directory/);
    for (const msg of [errorOf(["--port", "70000"]), errorOf(["--nope"])]) expect(msg).not.toContain("\n");
  });

  test("options that only make sense together are checked together", () => {
    expect(errorOf(["--tls-cert", "/etc/hostname"])).toMatch(/give both or neither/);
    expect(errorOf(["--tls-self-signed", "--tls-cert", "/etc/hostname", "--tls-key", "/etc/hostname"])).toMatch(/^invalid --tls-self-signed/);
    expect(errorOf(["--turn-url", "turn:example.org"])).toMatch(/needs --turn-secret/);
    expect(errorOf(["--turn-url", "http://x", "--turn-secret", "s"])).toMatch(/must start with turn:/);
    expect(errorOf(["--turn-extra-urls", "turn:a:3478"])).toMatch(/--turn-extra-urls .*shared --turn-secret/);
    expect(errorOf(["--turn-extra-urls", "turn:a:3478,stun:b", "--turn-secret", "s"])).toMatch(/--turn-extra-urls .*"stun:b": must start with turn:/);
    expect(run(["--turn-extra-urls", " turn:a:3478 , turns:b:5349 ", "--turn-secret", "s"]).turn.extraUrls).toEqual(["turn:a:3478", "turns:b:5349"]);
    expect(errorOf(["--redis-url", "http://localhost:6379"])).toMatch(/--redis-url \(REDIS_URL\): must be a redis:/);
    expect(run([], { REDIS_URL: "redis://:pw@10.0.0.5:6380/2" }).redisUrl).toBe("redis://:pw@10.0.0.5:6380/2");
    expect(run([]).redisUrl).toBeNull();
  });

  test("unknown options, stray arguments and missing values are refused", () => {
    expect(errorOf(["--prot", "1"])).toBe("unknown option --prot (see --help)");
    expect(errorOf(["serve"])).toBe('unexpected argument "serve" (see --help)');
    expect(errorOf(["--port"])).toBe("option --port needs a value");
  });

  test("limits and proxy and origin settings: defaults, env twins, bad values", () => {
    const c = run([]);
    expect(c.clientIpHeader).toBe("x-forwarded-for");
    expect(c.allowedOrigins).toEqual([]);
    expect(c.limits).toEqual({ maxConnections: 5000, maxConnectionsPerAddress: 50, maxRoomSize: 200, renamesPerMinute: 10, sendBufferBytes: 1048576, pendingBytes: 262144 });
    const e = run([], {
      CLIENT_IP_HEADER: "CF-Connecting-IP", ALLOWED_ORIGINS: "https://Ferry.example.org:443/, http://localhost:5173", MAX_CONNECTIONS: "9",
      MAX_CONNECTIONS_PER_ADDRESS: "8", MAX_ROOM_SIZE: "7", MAX_RENAMES_PER_MINUTE: "6", MAX_SEND_BUFFER: "65536",
      MAX_PENDING_BYTES: "4096",
    });
    expect(e.clientIpHeader).toBe("cf-connecting-ip");
    expect(e.allowedOrigins).toEqual(["https://ferry.example.org", "http://localhost:5173"]);
    expect(e.limits).toEqual({ maxConnections: 9, maxConnectionsPerAddress: 8, maxRoomSize: 7, renamesPerMinute: 6, sendBufferBytes: 65536, pendingBytes: 4096 });
    expect(errorOf(["--client-ip-header", "x-client-ip"])).toBe('invalid --client-ip-header (CLIENT_IP_HEADER) "x-client-ip": must be one of x-forwarded-for, forwarded, cf-connecting-ip, x-real-ip');
    for (const bad of ["ferry.example.org", "https://ferry.example.org/app", "ftp://ferry.example.org", "https://ferry.example.org?x"])
      expect(errorOf(["--allowed-origins", bad])).toContain("is not an origin like https://ferry.example.org");
    expect(errorOf(["--max-room-size", "0"])).toContain("must be a positive whole number");
  });

  test("--help and --version win over everything else", () => {
    expect(parseConfig(["--port", "1", "--help"], {}).action).toBe("help");
    expect(parseConfig(["-h"], {}).action).toBe("help");
    expect(parseConfig(["--version"], { PORT: "nonsense" }).action).toBe("version");
  });

  test("the help text lists every option with its environment twin and default", () => {
    const help = helpText();
    for (const o of OPTIONS) {
      const line = help.split("\n").find((l) => l.startsWith(`  --${o.flag} `) || l === `  --${o.flag}`);
      expect(line, o.flag).toBeDefined();
      expect(line).toContain(`[${o.env}]`);
      if (o.default) expect(line).toContain(`(default ${o.default})`);
    }
  });
});
