// Command-line flags and environment variables → one typed, validated Config.
// Every option has a flag and an environment twin; the flag wins. A bad value throws ConfigError
// with one line naming the option, which main.ts prints before exiting.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { parseCidr, type Cidr } from "./cidr";
import { CLIENT_IP_HEADERS, type ClientIpHeader } from "./room-key";

export type LogLevel = "error" | "warn" | "info" | "debug";

export interface Config {
  port: number;
  host: string;
  trustProxy: Cidr[];
  /** The forwarding header the trusted proxies set; no other is read. */
  clientIpHeader: ClientIpHeader;
  /** Origins besides the server's own whose pages may open the signaling socket, e.g. "https://ferry.example.org". */
  allowedOrigins: string[];
  /** Bounds on what clients may make the server hold or do (src/limits.ts). */
  limits: {
    maxConnections: number;
    maxConnectionsPerAddress: number;
    maxRoomSize: number;
    renamesPerMinute: number;
    /** Bytes of unsent messages a signaling socket may pile up before it is closed as too slow. */
    sendBufferBytes: number;
    /** Bytes of a connection's received messages that may wait for their turn; beyond, refused unread. */
    pendingBytes: number;
  };
  tlsCert: string | null;
  tlsKey: string | null;
  tlsSelfSigned: boolean;
  /** Absolute path where Ferry keeps state (the self-signed certificate); created when needed. */
  dataDir: string;
  logLevel: LogLevel;
  /** Seconds a pairing code stays valid (src/codes.ts has the guessing arithmetic for the default). */
  pairCodeTtl: number;
  /** A Redis shared with other Ferry processes (src/store/redis.ts); null: this process alone, in memory. */
  redisUrl: string | null;
  turn: {
    enabled: boolean;
    port: number;
    /** TURN over TLS; served only when Ferry serves HTTPS, with the same certificate. */
    tlsPort: number;
    relayPortMin: number;
    relayPortMax: number;
    externalIp: string | null;
    realm: string;
    secret: string;
    secretGiven: boolean;
    /** An external TURN server (e.g. coturn) to hand out instead of the embedded relay. */
    url: string | null;
    /** More TURN servers handed out beside the relay (other Ferry processes' relays, a coturn pool), same credentials. */
    extraUrls: string[];
    credentialTtl: number;
    allocationLifetime: number;
    maxAllocationsPerClient: number;
    maxAllocationsPerCredential: number;
    allowLoopbackPeers: boolean;
    allowPrivatePeers: boolean;
  };
}

export class ConfigError extends Error {}

type Kind = "port" | "string" | "bool" | "int" | "cidrs" | "file" | "dir" | "level" | "ip" | "choice" | "origins";
interface OptionSpec {
  flag: string;
  env: string;
  kind: Kind;
  help: string;
  default?: string;
  /** The values a "choice" option takes. */
  choices?: readonly string[];
}

export const OPTIONS: OptionSpec[] = [
  { flag: "port", env: "PORT", kind: "port", default: "8080", help: "HTTP(S) and WebSocket port" },
  { flag: "host", env: "HOST", kind: "string", default: "0.0.0.0", help: "address to listen on" },
  { flag: "trust-proxy", env: "TRUST_PROXY", kind: "cidrs", default: "", help: "comma-separated proxy addresses/CIDRs whose --client-ip-header is trusted" },
  { flag: "client-ip-header", env: "CLIENT_IP_HEADER", kind: "choice", choices: CLIENT_IP_HEADERS, default: "x-forwarded-for", help: `the header the trusted proxies set to the client's address (${CLIENT_IP_HEADERS.join(", ")}); every other is ignored` },
  { flag: "allowed-origins", env: "ALLOWED_ORIGINS", kind: "origins", default: "", help: "comma-separated origins (e.g. https://ferry.example.org) whose pages may connect besides the server's own" },
  { flag: "max-connections", env: "MAX_CONNECTIONS", kind: "int", default: "5000", help: "signaling connections the server holds at most" },
  { flag: "max-connections-per-address", env: "MAX_CONNECTIONS_PER_ADDRESS", kind: "int", default: "50", help: "signaling connections per client address (per /64 for public IPv6)" },
  { flag: "max-room-size", env: "MAX_ROOM_SIZE", kind: "int", default: "200", help: "devices one room (network) may hold" },
  { flag: "max-renames-per-minute", env: "MAX_RENAMES_PER_MINUTE", kind: "int", default: "10", help: "renames a connection may make per minute (each is told to its whole room)" },
  { flag: "max-send-buffer", env: "MAX_SEND_BUFFER", kind: "int", default: "1048576", help: "bytes of unsent signaling messages a connection may pile up before it is closed as too slow" },
  { flag: "max-pending-bytes", env: "MAX_PENDING_BYTES", kind: "int", default: "262144", help: "bytes of a connection's received messages that may wait for their turn (128 times that over all connections); beyond, a message is refused unread" },
  { flag: "tls-cert", env: "TLS_CERT", kind: "file", help: "PEM certificate file; serves HTTPS and WSS (needs --tls-key)" },
  { flag: "tls-key", env: "TLS_KEY", kind: "file", help: "PEM private key file for --tls-cert" },
  { flag: "tls-self-signed", env: "TLS_SELF_SIGNED", kind: "bool", default: "false", help: "serve HTTPS with a self-signed certificate for this machine's LAN addresses, created once and reused" },
  { flag: "data-dir", env: "FERRY_DATA_DIR", kind: "dir", default: "~/.ferry", help: "directory where Ferry keeps its self-signed certificate" },
  { flag: "log-level", env: "LOG_LEVEL", kind: "level", default: "warn", help: "error, warn, info (one line per request and connection) or debug" },
  { flag: "redis-url", env: "REDIS_URL", kind: "string", help: "share devices, rooms, pairings and signals with every Ferry process using this Redis (redis://[user:password@]host:port[/db], rediss:// for TLS); without it this process keeps them in memory" },
  { flag: "pair-code-ttl", env: "PAIR_CODE_TTL", kind: "int", default: "120", help: "seconds a pairing code stays valid (longer makes guessing easier)" },
  { flag: "no-turn", env: "NO_TURN", kind: "bool", default: "false", help: "do not run the embedded TURN relay" },
  { flag: "turn-port", env: "TURN_PORT", kind: "port", default: "3478", help: "UDP and TCP port of the embedded TURN/STUN relay" },
  { flag: "turn-tls-port", env: "TURN_TLS_PORT", kind: "port", default: "5349", help: "TURN over TLS port, with the HTTPS certificate (only when serving HTTPS)" },
  { flag: "turn-min-port", env: "TURN_MIN_PORT", kind: "port", default: "49152", help: "lowest UDP port the relay allocates (one port per allocation)" },
  { flag: "turn-max-port", env: "TURN_MAX_PORT", kind: "port", default: "65535", help: "highest UDP port the relay allocates" },
  { flag: "turn-external-ip", env: "TURN_EXTERNAL_IP", kind: "ip", help: "address the relay advertises (a VPS behind NAT, Docker)" },
  { flag: "turn-realm", env: "TURN_REALM", kind: "string", default: "ferry", help: "TURN realm" },
  { flag: "turn-secret", env: "TURN_SECRET", kind: "string", help: "shared secret for TURN REST API credentials (random at start when not given)" },
  { flag: "turn-url", env: "TURN_URL", kind: "string", help: "use this external TURN server (e.g. turn:turn.example.org:3478) with TURN_SECRET instead of the embedded relay" },
  { flag: "turn-extra-urls", env: "TURN_EXTRA_URLS", kind: "string", help: "comma-separated turn:/turns: URLs handed out beside this process's relay (or --turn-url) with the same credentials: the other Ferry processes' relays or a coturn pool, all with one TURN_SECRET" },
  { flag: "turn-credential-ttl", env: "TURN_CREDENTIAL_TTL", kind: "int", default: "3600", help: "seconds a TURN credential stays valid; renewed while the client is connected" },
  { flag: "turn-lifetime", env: "TURN_LIFETIME", kind: "int", default: "600", help: "maximum TURN allocation lifetime in seconds" },
  { flag: "turn-max-allocations", env: "TURN_MAX_ALLOCATIONS", kind: "int", default: "10", help: "maximum simultaneous allocations per client address" },
  { flag: "turn-max-allocations-per-credential", env: "TURN_MAX_ALLOCATIONS_PER_CREDENTIAL", kind: "int", default: "10", help: "maximum simultaneous allocations per TURN credential (one signaling connection), from any addresses" },
  { flag: "turn-allow-loopback", env: "TURN_ALLOW_LOOPBACK", kind: "bool", default: "false", help: "development only: let the relay reach loopback and link-local peers" },
  { flag: "turn-allow-private-peers", env: "TURN_ALLOW_PRIVATE_PEERS", kind: "bool", default: "false", help: "let clients from public addresses reach private and CGNAT peers through the relay (by default only clients from private addresses may)" },
];

/** "https://Ferry.example.org:443" → "https://ferry.example.org"; null unless it is an http(s) origin alone. */
function originOf(s: string): string | null {
  if (!URL.canParse(s)) return null;
  const u = new URL(s);
  const bare = u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
  return bare && (u.protocol === "http:" || u.protocol === "https:") ? u.origin : null;
}

/** A comma-separated list, each item parsed by `one`; the first it refuses throws `bad(item)`. */
function list<T>(raw: string, one: (s: string) => T | null, bad: (s: string) => Error): T[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const v = one(s);
      if (v === null) throw bad(s);
      return v;
    });
}

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
      return list(raw, parseCidr, (s) => bad(`"${s}" is not an IP address or CIDR`));
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
    case "choice":
      if (!spec.choices!.includes(raw.toLowerCase())) throw bad(`must be one of ${spec.choices!.join(", ")}`);
      return raw.toLowerCase();
    case "origins":
      return list(raw, originOf, (s) => bad(`"${s}" is not an origin like https://ferry.example.org`));
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
  const extraUrls = (get<string>("turn-extra-urls") ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  const notTurn = extraUrls.find((u) => !/^turns?:/.test(u));
  if (notTurn) throw new ConfigError(`invalid --turn-extra-urls (TURN_EXTRA_URLS) "${notTurn}": must start with turn: or turns:`);
  if (extraUrls.length > 0 && !secret) throw new ConfigError("invalid --turn-extra-urls (TURN_EXTRA_URLS): other relays accept the credentials only with a shared --turn-secret (TURN_SECRET)");
  const redisUrl = get<string>("redis-url");
  if (redisUrl && !(URL.canParse(redisUrl) && /^rediss?:$/.test(new URL(redisUrl).protocol)))
    throw new ConfigError(`invalid --redis-url (REDIS_URL): must be a redis:// or rediss:// URL`);

  return {
    action: "run",
    config: {
      port: get<number>("port")!,
      host: get<string>("host")!,
      trustProxy: get<Cidr[]>("trust-proxy")!,
      clientIpHeader: get<ClientIpHeader>("client-ip-header")!,
      allowedOrigins: get<string[]>("allowed-origins")!,
      limits: {
        maxConnections: get<number>("max-connections")!,
        maxConnectionsPerAddress: get<number>("max-connections-per-address")!,
        maxRoomSize: get<number>("max-room-size")!,
        renamesPerMinute: get<number>("max-renames-per-minute")!,
        sendBufferBytes: get<number>("max-send-buffer")!,
        pendingBytes: get<number>("max-pending-bytes")!,
      },
      tlsCert,
      tlsKey,
      tlsSelfSigned,
      dataDir: get<string>("data-dir")!,
      logLevel: get<LogLevel>("log-level")!,
      pairCodeTtl: get<number>("pair-code-ttl")!,
      redisUrl,
      turn: {
        enabled: !get<boolean>("no-turn")!,
        port: get<number>("turn-port")!,
        tlsPort: get<number>("turn-tls-port")!,
        relayPortMin,
        relayPortMax,
        externalIp: get<string>("turn-external-ip"),
        realm: get<string>("turn-realm")!,
        secret: secret ?? crypto.randomUUID() + crypto.randomUUID(),
        secretGiven: secret !== null,
        url: turnUrl,
        extraUrls,
        credentialTtl: get<number>("turn-credential-ttl")!,
        allocationLifetime: get<number>("turn-lifetime")!,
        maxAllocationsPerClient: get<number>("turn-max-allocations")!,
        maxAllocationsPerCredential: get<number>("turn-max-allocations-per-credential")!,
        allowLoopbackPeers: get<boolean>("turn-allow-loopback")!,
        allowPrivatePeers: get<boolean>("turn-allow-private-peers")!,
      },
    },
  };
}
