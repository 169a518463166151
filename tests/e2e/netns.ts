// Network namespaces for end-to-end tests: each "host" gets its own namespace, reached from the root namespace
// over a veth pair, with no route to the other hosts (AP isolation, or two different networks). Needs root.
//
// Names and subnets are unique per test process, so two runs on one machine do not collide, and namespaces
// left behind by a run that died are removed by the next one. Addresses:
//   "private": 10.213.N.0/30 blocks, all in the server's "local" room;
//   "public":  /30 blocks of TEST-NET-2 (198.51.100.0/24) and TEST-NET-3 (203.0.113.0/24), documentation
//              ranges that exist only on these veths; the server keys them as different public networks.
// Traffic never leaves this machine: the blocks are routed only to the veths made here.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const isRoot = process.getuid?.() === 0;

export interface NetHost {
  ns: string;
  /** The veth end in the root namespace, and the address the host reaches the server at. */
  hostIf: string;
  gateway: string;
  /** The host's own address inside its namespace. */
  address: string;
  /** A Chromium launcher that runs inside the namespace, for Playwright's executablePath. */
  chromium: string;
}

export interface NetHosts {
  hosts: NetHost[];
  /** Drop traffic inside `host`'s namespace matching `match` (iptables match args, e.g. ["-p", "udp"]) both ways. */
  block(host: NetHost, match: string[]): void;
  /** Undo every block() on `host`. */
  unblock(host: NetHost): void;
  /**
   * A direct cable between two hosts (a veth pair from one namespace to the other, its own /30 of 10.214/16):
   * they reach each other over it as on one LAN (it becomes their default route), with no forwarding in this machine. `rate` (tc's syntax, e.g.
   * "40mbit") slows it both ways, so that a transfer lasts long enough to be interrupted. Returns their addresses on it.
   */
  cable(a: NetHost, b: NetHost, rate?: string): [string, string];
  teardown(): void;
}

const PREFIX = "ferry-t";

export function sh(cmd: string, args: string[], quiet = false): string {
  try {
    return execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
  } catch (err) {
    if (quiet) return "";
    throw new Error(`${cmd} ${args.join(" ")}: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: no such process
  }
};

/** Interface names may have 15 characters: "vf" + pid in base 36 + host letter. */
const ifName = (pid: number, i: number) => `vf${pid.toString(36)}${String.fromCharCode(97 + i)}`;

function forwardRules(): string[] {
  return sh("iptables", ["-S", "FORWARD"], true).split("\n").filter((l) => l.includes(" -i vf"));
}

/** Remove namespaces, veths and FORWARD rules of test processes that are gone. */
function sweepStale() {
  for (const line of sh("ip", ["netns", "list"], true).split("\n")) {
    const m = new RegExp(`^${PREFIX}(\\d+)-(\\d+)`).exec(line.trim());
    if (!m || alive(Number(m[1]))) continue;
    sh("ip", ["link", "del", ifName(Number(m[1]), Number(m[2]))], true);
    sh("ip", ["netns", "del", `${PREFIX}${m[1]}-${m[2]}`], true);
  }
  const present = new Set(sh("ip", ["-o", "link"], true).split("\n").map((l) => l.split(":")[1]?.trim().split("@")[0]));
  for (const rule of forwardRules()) {
    const ifs = [...rule.matchAll(/-[io] (vf\w+)/g)].map((m) => m[1]!);
    if (ifs.some((i) => !present.has(i))) sh("iptables", rule.replace(/^-A/, "-D").split(" "), true);
  }
}

function usedAddresses(): Set<string> {
  return new Set([...sh("ip", ["-o", "-4", "addr"], true).matchAll(/inet (\d+\.\d+\.\d+\.\d+)/g)].map((m) => m[1]!));
}

/** A free /30 block for host `i`: [gateway, address]. */
function pickBlock(kind: "private" | "public" | "cable", i: number, used: Set<string>): [string, string] {
  const base = kind === "public" ? (i % 2 === 0 ? "198.51.100" : "203.0.113") : kind === "cable" ? "10.214" : "10.213";
  for (let attempt = 0; attempt < 200; attempt++) {
    const k = Math.floor(Math.random() * 63) + 1;
    const [gw, addr] = kind === "public" ? [`${base}.${k * 4 + 1}`, `${base}.${k * 4 + 2}`] : [`${base}.${k}.1`, `${base}.${k}.2`];
    if (!used.has(gw) && !used.has(addr)) {
      used.add(gw);
      used.add(addr);
      return [gw, addr];
    }
  }
  throw new Error("no free test subnet");
}

/** Create `count` isolated hosts. Call teardown() when done (it also runs at process exit). */
export function createHosts(count: number, kind: "private" | "public" = "private"): NetHosts {
  if (!isRoot) throw new Error("network namespaces need root");
  sweepStale();
  const pid = process.pid;
  const dir = mkdtempSync(join(tmpdir(), "ferry-ns-"));
  const used = usedAddresses();
  const hosts: NetHost[] = [];
  const blocked = new Map<string, string[][]>();

  const teardown = () => {
    for (const h of hosts) {
      sh("ip", ["link", "del", h.hostIf], true);
      sh("ip", ["netns", "del", h.ns], true);
    }
    for (const rule of forwardRules()) if (hosts.some((h) => rule.includes(` ${h.hostIf} `) || rule.endsWith(` ${h.hostIf}`))) sh("iptables", rule.replace(/^-A/, "-D").split(" "), true);
    hosts.length = 0;
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", teardown);
  };
  process.on("exit", teardown);

  try {
    for (let i = 0; i < count; i++) {
      const ns = `${PREFIX}${pid}-${i}`;
      const hostIf = ifName(pid, i);
      const inner = `${hostIf}n`;
      const [gateway, address] = pickBlock(kind, i, used);
      const chromium = join(dir, `chromium-${i}.sh`);
      hosts.push({ ns, hostIf, gateway, address, chromium });
      sh("ip", ["netns", "add", ns]);
      sh("ip", ["link", "add", hostIf, "type", "veth", "peer", "name", inner]);
      sh("ip", ["link", "set", inner, "netns", ns]);
      sh("ip", ["addr", "add", `${gateway}/30`, "dev", hostIf]);
      sh("ip", ["link", "set", hostIf, "up"]);
      sh("ip", ["-n", ns, "addr", "add", `${address}/30`, "dev", inner]);
      sh("ip", ["-n", ns, "link", "set", inner, "up"]);
      sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
      sh("ip", ["-n", ns, "route", "add", "default", "via", gateway]);
      writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${ns} /usr/bin/chromium "$@"\n`);
      chmodSync(chromium, 0o755);
    }
    // The hosts must not reach each other, whatever this machine's forwarding setting.
    for (const a of hosts) for (const b of hosts) if (a !== b) sh("iptables", ["-I", "FORWARD", "-i", a.hostIf, "-o", b.hostIf, "-j", "DROP"]);
  } catch (err) {
    teardown();
    throw err;
  }

  return {
    hosts,
    block(host, match) {
      for (const chain of ["INPUT", "OUTPUT"]) sh("ip", ["netns", "exec", host.ns, "iptables", "-I", chain, ...match, "-j", "DROP"]);
      blocked.set(host.ns, [...(blocked.get(host.ns) ?? []), match]);
    },
    unblock(host) {
      for (const match of blocked.get(host.ns) ?? []) for (const chain of ["INPUT", "OUTPUT"]) sh("ip", ["netns", "exec", host.ns, "iptables", "-D", chain, ...match, "-j", "DROP"], true);
      blocked.delete(host.ns);
    },
    cable(a, b, rate) {
      const [addrA, addrB] = pickBlock("cable", 0, used);
      const ifA = `${a.hostIf}c`;
      sh("ip", ["link", "add", ifA, "netns", a.ns, "type", "veth", "peer", "name", `${b.hostIf}c`, "netns", b.ns]);
      for (const [h, addr] of [[a, addrA], [b, addrB]] as const) {
        sh("ip", ["-n", h.ns, "addr", "add", `${addr}/30`, "dev", `${h.hostIf}c`]);
        sh("ip", ["-n", h.ns, "link", "set", `${h.hostIf}c`, "up"]);
        // The default route goes over it: a page without camera permission gathers candidates only on the
        // default route's interface. The server stays reachable at the gateway, a directly connected address.
        sh("ip", ["-n", h.ns, "route", "replace", "default", "via", h === a ? addrB : addrA]);
        if (rate) sh("ip", ["netns", "exec", h.ns, "tc", "qdisc", "add", "dev", `${h.hostIf}c`, "root", "tbf", "rate", rate, "burst", "64kb", "latency", "200ms"]);
      }
      return [addrA, addrB];
    },
    teardown,
  };
}

/**
 * Can `from` reach address `to` at all? A TCP connection to a port where nothing listens is refused when the
 * address is reachable and times out when packets are dropped (no ping needed: Debian's slim images lack it).
 */
export function canReach(from: NetHost, to: string): boolean {
  try {
    execFileSync("ip", ["netns", "exec", from.ns, "timeout", "2", "bash", "-c", `exec 3<>/dev/tcp/${to}/9`], { stdio: ["ignore", "pipe", "pipe"] });
    return true; // something listens on port 9
  } catch (err) {
    return /refused/i.test((err as { stderr?: Buffer }).stderr?.toString() ?? "");
  }
}
