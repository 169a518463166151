// Command-line flags and environment variables → one typed, validated Config.
// Every option has a flag and an environment twin; the flag wins. A bad value throws ConfigError
// with one line naming the option, which main.ts prints before exiting.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { parseCidr, type Cidr } from "./cidr";

export type LogLevel = "error" | "warn" | "info" | "debug";

export interface Config {
  port: number;
  host: string;
  trustProxy: Cidr[];
  tlsCert: string | null;
  tlsKey: string | null;
  tlsSelfSigned: boolean;
  /** Absolute path where Ferry keeps state (the self-signed certificate); created when needed. */
  dataDir: string;
  logLevel: LogLevel;
  turn: {
    enabled: boolean;
    port: number;
    relayPortMin: number;
    relayPortMax: number;
    externalIp: string | null;
    realm: string;
    secret: string;
    secretGiven: boolean;
    /** An external TURN server (e.g. coturn) to hand out instead of the embedded relay. */
    url: string | null;
    credentialTtl: number;
    allocationLifetime: number;
    maxAllocationsPerClient: number;
    allowLoopbackPeers: boolean;
  };
}

export class ConfigError extends Error {}

type Kind = "port" | "string" | "bool" | "int" | "cidrs" | "file" | "dir" | "level" | "ip";
interface OptionSpec {
  flag: string;
  env: string;
  kind: Kind;
  help: string;
  default?: string;
}

export const OPTIONS: OptionSpec[] = [
  { flag: "port", env: "PORT", kind: "port", default: "8080", help: "HTTP(S) and WebSocket port" },
  { flag: "host", env: "HOST", kind: "string", default: "0.0.0.0", help: "address to listen on" },
  { flag: "trust-proxy", env: "TRUST_PROXY", kind: "cidrs", default: "", help: "comma-separated proxy addresses/CIDRs whose X-Forwarded-For, Forwarded and CF-Connecting-IP headers are trusted" },
  { flag: "tls-cert", env: "TLS_CERT", kind: "file", help: "PEM certificate file; serves HTTPS and WSS (needs --tls-key)" },
  { flag: "tls-key", env: "TLS_KEY", kind: "file", help: "PEM private key file for --tls-cert" },
  { flag: "tls-self-signed", env: "TLS_SELF_SIGNED", kind: "bool", default: "false", help: "serve HTTPS with a self-signed certificate for this machine's LAN addresses, created once and reused" },
  { flag: "data-dir", env: "FERRY_DATA_DIR", kind: "dir", default: "~/.ferry", help: "directory where Ferry keeps its self-signed certificate" },
  { flag: "log-level", env: "LOG_LEVEL", kind: "level", default: "warn", help: "error, warn, info (one line per request and connection) or debug" },
  { flag: "no-turn", env: "NO_TURN", kind: "bool", default: "false", help: "do not run the embedded TURN relay" },
  { flag: "turn-port", env: "TURN_PORT", kind: "port", default: "3478", help: "UDP port of the embedded TURN/STUN relay" },
  { flag: "turn-min-port", env: "TURN_MIN_PORT", kind: "port", default: "49160", help: "lowest UDP port the relay allocates" },
  { flag: "turn-max-port", env: "TURN_MAX_PORT", kind: "port", default: "49200", help: "highest UDP port the relay allocates" },
  { flag: "turn-external-ip", env: "TURN_EXTERNAL_IP", kind: "ip", help: "address the relay advertises (a VPS behind NAT, Docker)" },
  { flag: "turn-realm", env: "TURN_REALM", kind: "string", default: "ferry", help: "TURN realm" },
  { flag: "turn-secret", env: "TURN_SECRET", kind: "string", help: "shared secret for TURN REST API credentials (random at start when not given)" },
  { flag: "turn-url", env: "TURN_URL", kind: "string", help: "use this external TURN server (e.g. turn:turn.example.org:3478) with TURN_SECRET instead of the embedded relay" },
  { flag: "turn-credential-ttl", env: "TURN_CREDENTIAL_TTL", kind: "int", default: "3600", help: "seconds a TURN credential stays valid; renewed while the client is connected" },
  { flag: "turn-lifetime", env: "TURN_LIFETIME", kind: "int", default: "600", help: "maximum TURN allocation lifetime in seconds" },
  { flag: "turn-max-allocations", env: "TURN_MAX_ALLOCATIONS", kind: "int", default: "10", help: "maximum simultaneous allocations per client address" },
  { flag: "turn-allow-loopback", env: "TURN_ALLOW_LOOPBACK", kind: "bool", default: "false", help: "development only: let the relay reach loopback and link-local peers" },
];

function parseValue(spec: OptionSpec, raw: string): unknown {
  const bad = (why: string) => new ConfigError(`invalid --${spec.flag} (${spec.env}) "${raw}": ${why}`);
  switch (spec.kind) {
    case "port": {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 0 || n > 65535) throw bad("must be a port number 0–65535");
      return n;
    }
    case "int": {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n <= 0) throw bad("must be a positive whole number");
      return n;
    }
    case "bool":
      if (["1", "true", "yes", "on", ""].includes(raw.toLowerCase())) return true;
      if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
      throw bad("must be true or false");
    case "cidrs":
      return raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          const c = parseCidr(s);
          if (!c) throw bad(`"${s}" is not an IP address or CIDR`);
          return c;
        });
    case "file":
      if (!existsSync(raw)) throw bad("file not found");
      if (!statSync(raw).isFile()) throw bad("not a regular file");
      return raw;
    case "dir": {
      // "~" is expanded here because the value may come from the environment, where no shell expanded it.
      const path = resolve(raw === "~" || raw.startsWith("~/") ? homedir() + raw.slice(1) : raw);
      if (existsSync(path) && !statSync(path).isDirectory()) throw bad("exists and is not a directory");
      return path;
    }
    case "level":
      if (!["error", "warn", "info", "debug"].includes(raw)) throw bad("must be error, warn, info or debug");
      return raw;
    case "ip":
      if (!parseCidr(raw) || raw.includes("/")) throw bad("must be an IP address");
      return raw;
    case "string":
      if (!raw) throw bad("must not be empty");
      return raw;
    default:
      return spec.kind satisfies never;
  }
}

export function helpText(): string {
  const lines = ["Usage: ferry [options]", "", "Every option can also be set by its environment variable; flags win.", ""];
  for (const o of [...OPTIONS, { flag: "help", env: "", help: "show this help" }, { flag: "version", env: "", help: "print the version" }]) {
    const left = `  --${o.flag}${"kind" in o && o.kind !== "bool" ? " VALUE" : ""}`;
    const env = o.env ? ` [${o.env}]` : "";
    const def = "default" in o && o.default ? ` (default ${o.default})` : "";
    lines.push(`${left.padEnd(32)}${o.help}${env}${def}`);
  }
  return lines.join("\n");
}

export type CliAction = { action: "help" } | { action: "version" } | { action: "run"; config: Config };

/** Read argv (without the executable and script) and env into a Config. Throws ConfigError. */
export function parseConfig(argv: string[], env: Record<string, string | undefined>): CliAction {
  const raw = new Map<string, string>();
  for (const o of OPTIONS) {
    const v = env[o.env];
    if (v !== undefined && v !== "") raw.set(o.flag, v);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { action: "help" };
    if (arg === "--version" || arg === "-v") return { action: "version" };
    if (!arg.startsWith("--")) throw new ConfigError(`unexpected argument "${arg}" (see --help)`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = OPTIONS.find((o) => o.flag === name);
    if (!spec) throw new ConfigError(`unknown option --${name} (see --help)`);
    if (eq !== -1) raw.set(name, arg.slice(eq + 1));
    else if (spec.kind === "bool") raw.set(name, "true");
    else {
      const next = argv[++i];
      if (next === undefined) throw new ConfigError(`option --${name} needs a value`);
      raw.set(name, next);
    }
  }
  const get = <T>(flag: string): T | null => {
    const spec = OPTIONS.find((o) => o.flag === flag)!;
    const v = raw.get(flag) ?? spec.default;
    return v === undefined ? null : (parseValue(spec, v) as T);
  };

  const tlsCert = get<string>("tls-cert");
  const tlsKey = get<string>("tls-key");
  if ((tlsCert === null) !== (tlsKey === null)) throw new ConfigError("invalid --tls-cert/--tls-key: give both or neither");
  const tlsSelfSigned = get<boolean>("tls-self-signed")!;
  if (tlsSelfSigned && tlsCert) throw new ConfigError("invalid --tls-self-signed (TLS_SELF_SIGNED): give either it or --tls-cert/--tls-key, not both");
  const relayPortMin = get<number>("turn-min-port")!;
  const relayPortMax = get<number>("turn-max-port")!;
  if (relayPortMin > relayPortMax) throw new ConfigError(`invalid --turn-min-port (TURN_MIN_PORT): ${relayPortMin} is above --turn-max-port ${relayPortMax}`);
  const secret = get<string>("turn-secret");
  const turnUrl = get<string>("turn-url");
  if (turnUrl && !/^turns?:/.test(turnUrl)) throw new ConfigError(`invalid --turn-url (TURN_URL) "${turnUrl}": must start with turn: or turns:`);
  if (turnUrl && !secret) throw new ConfigError("invalid --turn-url (TURN_URL): an external TURN server needs --turn-secret (TURN_SECRET)");

  return {
    action: "run",
    config: {
      port: get<number>("port")!,
      host: get<string>("host")!,
      trustProxy: get<Cidr[]>("trust-proxy")!,
      tlsCert,
      tlsKey,
      tlsSelfSigned,
      dataDir: get<string>("data-dir")!,
      logLevel: get<LogLevel>("log-level")!,
      turn: {
        enabled: !get<boolean>("no-turn")!,
        port: get<number>("turn-port")!,
        relayPortMin,
        relayPortMax,
        externalIp: get<string>("turn-external-ip"),
        realm: get<string>("turn-realm")!,
        secret: secret ?? crypto.randomUUID() + crypto.randomUUID(),
        secretGiven: secret !== null,
        url: turnUrl,
        credentialTtl: get<number>("turn-credential-ttl")!,
        allocationLifetime: get<number>("turn-lifetime")!,
        maxAllocationsPerClient: get<number>("turn-max-allocations")!,
        allowLoopbackPeers: get<boolean>("turn-allow-loopback")!,
      },
    },
  };
}
