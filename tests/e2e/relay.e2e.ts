// AP isolation for real: two Chromium processes in two network namespaces that reach the Ferry server but not
// each other. With the embedded TURN relay they connect through it; without it they get a clear error.
// Needs root (ip netns); skips loudly otherwise. CI runs as root.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test, type Ferry } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

const isRoot = process.getuid?.() === 0;
const NETS = [
  { ns: "ferry-e2e-a", host: "vfe2ea", peer: "vfe2ea-ns", gateway: "10.213.1.1", address: "10.213.1.2" },
  { ns: "ferry-e2e-b", host: "vfe2eb", peer: "vfe2eb-ns", gateway: "10.213.2.1", address: "10.213.2.2" },
];

const sh = (cmd: string, args: string[], quiet = false) => {
  try {
    return execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString();
  } catch (err) {
    if (quiet) return "";
    throw new Error(`${cmd} ${args.join(" ")}: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
};

function teardown() {
  for (const n of NETS) {
    sh("ip", ["link", "del", n.host], true);
    sh("ip", ["netns", "del", n.ns], true);
  }
  sh("iptables", ["-D", "FORWARD", "-i", NETS[0]!.host, "-o", NETS[1]!.host, "-j", "DROP"], true);
  sh("iptables", ["-D", "FORWARD", "-i", NETS[1]!.host, "-o", NETS[0]!.host, "-j", "DROP"], true);
}

function setup() {
  teardown(); // leftovers of an interrupted run
  for (const n of NETS) {
    sh("ip", ["netns", "add", n.ns]);
    sh("ip", ["link", "add", n.host, "type", "veth", "peer", "name", n.peer]);
    sh("ip", ["link", "set", n.peer, "netns", n.ns]);
    sh("ip", ["addr", "add", `${n.gateway}/30`, "dev", n.host]);
    sh("ip", ["link", "set", n.host, "up"]);
    sh("ip", ["-n", n.ns, "addr", "add", `${n.address}/30`, "dev", n.peer]);
    sh("ip", ["-n", n.ns, "link", "set", n.peer, "up"]);
    sh("ip", ["-n", n.ns, "link", "set", "lo", "up"]);
    sh("ip", ["-n", n.ns, "route", "add", "default", "via", n.gateway]);
  }
  // The two namespaces must not reach each other, whatever this host's forwarding setting.
  sh("iptables", ["-I", "FORWARD", "-i", NETS[0]!.host, "-o", NETS[1]!.host, "-j", "DROP"]);
  sh("iptables", ["-I", "FORWARD", "-i", NETS[1]!.host, "-o", NETS[0]!.host, "-j", "DROP"]);
}

let dir: string;
const wrappers: string[] = [];

test.describe("devices that cannot reach each other", () => {
  test.skip(!isRoot, "NOT RUN: network-namespace tests need root (CI runs them as root)");

  test.beforeAll(() => {
    setup();
    dir = mkdtempSync(join(tmpdir(), "ferry-ns-"));
    for (const n of NETS) {
      const w = join(dir, `chromium-${n.ns}.sh`);
      writeFileSync(w, `#!/bin/sh\nexec ip netns exec ${n.ns} /usr/bin/chromium "$@"\n`);
      chmodSync(w, 0o755);
      wrappers.push(w);
    }
    // Sanity: the namespaces are isolated from each other but reach the server's addresses.
    expect(sh("ip", ["netns", "exec", NETS[0]!.ns, "ping", "-c1", "-W1", NETS[1]!.address], true)).not.toContain("1 received");
  });

  test.afterAll(() => {
    teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function twoIsolatedDevices(ferry: Ferry, browsers: Browser[]): Promise<[Page, Page]> {
    const pages: Page[] = [];
    for (const [i, n] of NETS.entries()) {
      // Plain host candidates instead of mDNS names: there is no mDNS between namespaces.
      const d = await launchDevice(`http://${n.gateway}:${ferry.port}`, { executablePath: wrappers[i], args: ["--disable-features=WebRtcHideLocalIpsWithMdns"] });
      // Record peer connections so the test can read getStats() itself.
      await d.page.addInitScript(() => {
        const Native = window.RTCPeerConnection;
        const all: RTCPeerConnection[] = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = []);
        window.RTCPeerConnection = class extends Native {
          constructor(config?: RTCConfiguration) {
            super(config);
            all.push(this);
          }
        } as typeof RTCPeerConnection;
      });
      await d.page.reload();
      browsers.push(d.browser);
      pages.push(d.page);
    }
    return pages as [Page, Page];
  }

  const turnPort = () => String(40000 + Math.floor(Math.random() * 5000));

  test("they connect through the embedded relay: a 5 MiB file and a text arrive intact, and the link outlives its allocation and credential", async () => {
    test.setTimeout(240_000);
    // Short lifetimes: Chromium refreshes the allocation every 15 s and the credential expires after 20 s,
    // so the link only survives the wait below if refreshes work and fresh credentials are picked up.
    const ferry = await startFerry(["--host", "0.0.0.0", "--turn-port", turnPort(), "--turn-min-port", "50100", "--turn-max-port", "50199", "--turn-lifetime", "30", "--turn-credential-ttl", "20"]);
    const browsers: Browser[] = [];
    try {
      const [a, b] = await twoIsolatedDevices(ferry, browsers);
      const nameB = (await b.getByTestId("self-name").textContent())!.trim();
      const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
      await expect(tileOfB).toBeVisible();

      const file = { name: "relayed.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024, 3) };
      await tileOfB.getByTestId("send-files").setInputFiles(file);
      await b.getByTestId("incoming").getByTestId("accept").click();
      await expectSavedFiles(b, [file], 90_000);

      await tileOfB.getByTestId("send-text").click();
      await a.getByTestId("text-input").fill("through the relay ✓");
      await a.getByTestId("text-send").click();
      await expect(b.getByTestId("received-text")).toHaveText("through the relay ✓");

      await expect(tileOfB.getByTestId("peer-route")).toContainText(/relay/i);
      const nameA = (await a.getByTestId("self-name").textContent())!.trim();
      await expect(b.getByTestId("peer").filter({ hasText: nameA }).getByTestId("peer-route")).toContainText(/relay/i);
      // Each end reads its selected pair; a path through one peer's relay shows as relay at that end.
      const selectedPair = (page: Page) => page.evaluate(async () => {
        const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === "connected")!;
        const stats = await pc.getStats();
        let pair: { localCandidateId: string; remoteCandidateId: string } | undefined;
        stats.forEach((s) => {
          if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
        });
        return [stats.get(pair!.localCandidateId).candidateType, stats.get(pair!.remoteCandidateId).candidateType];
      });
      expect([...(await selectedPair(a)), ...(await selectedPair(b))]).toContain("relay");

      await a.waitForTimeout(45_000);
      await tileOfB.getByTestId("send-text").click();
      await a.getByTestId("text-input").fill("still here after 45 s");
      await a.getByTestId("text-send").click();
      await expect(b.getByTestId("received-text").filter({ hasText: "still here after 45 s" })).toBeVisible();
      await expect(a.getByTestId("transfer-error")).toHaveCount(0);
    } finally {
      await Promise.all(browsers.map((b) => b.close()));
      await ferry.stop();
    }
  });

  test("without the relay they get a clear 'could not connect' instead of a hang", async () => {
    const ferry = await startFerry(["--host", "0.0.0.0", "--no-turn"]);
    const browsers: Browser[] = [];
    try {
      const [a, b] = await twoIsolatedDevices(ferry, browsers);
      const nameB = (await b.getByTestId("self-name").textContent())!.trim();
      const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
      await tileOfB.getByTestId("send-files").setInputFiles({ name: "stuck.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
      await expect(a.getByTestId("transfer-error")).toContainText(/could not connect/i, { timeout: 45_000 });
      await expect(tileOfB.getByTestId("peer-route")).toContainText(/could not connect/i);
    } finally {
      await Promise.all(browsers.map((b) => b.close()));
      await ferry.stop();
    }
  });
});
