// AP isolation for real: two Chromium processes in two network namespaces that reach the Ferry server but not
// each other. With the embedded TURN relay they connect through it; without it they get a clear error.
// Needs root (ip netns); skips loudly otherwise. CI runs as root.
import type { Browser, Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test, type Ferry } from "./fixtures";
import { canReach, createHosts, isRoot, type NetHosts } from "./netns";
import { bytes, expectSavedFiles } from "./test-bytes";

let net: NetHosts;

test.describe("devices that cannot reach each other", () => {
  test.skip(!isRoot, "NOT RUN: network-namespace tests need root (CI runs them as root)");

  test.beforeAll(() => {
    net = createHosts(2);
    // Sanity: the namespaces are isolated from each other but reach the server's addresses.
    expect(canReach(net.hosts[0]!, net.hosts[1]!.address)).toBe(false);
    expect(canReach(net.hosts[0]!, net.hosts[0]!.gateway)).toBe(true);
    expect(canReach(net.hosts[1]!, net.hosts[1]!.gateway)).toBe(true);
  });

  test.afterAll(() => net?.teardown());

  async function twoIsolatedDevices(ferry: Ferry, browsers: Browser[]): Promise<[Page, Page]> {
    const pages: Page[] = [];
    for (const n of net.hosts) {
      // Plain host candidates instead of mDNS names: there is no mDNS between namespaces.
      const d = await launchDevice(`http://${n.gateway}:${ferry.port}`, { executablePath: n.chromium, args: ["--disable-features=WebRtcHideLocalIpsWithMdns"] });
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

  /** The candidates of the selected pair of the page's connected peer connection, from getStats(). */
  type Candidate = { candidateType: string; relayProtocol?: string; protocol: string };
  const selectedPair = (page: Page) =>
    page.evaluate(async () => {
      const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === "connected")!;
      const stats = await pc.getStats();
      let pair: { localCandidateId: string; remoteCandidateId: string } | undefined;
      stats.forEach((s) => {
        if (s.type === "transport" && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId);
      });
      return { local: stats.get(pair!.localCandidateId), remote: stats.get(pair!.remoteCandidateId) };
    }) as Promise<{ local: Candidate; remote: Candidate }>;

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
      const [pa, pb] = [await selectedPair(a), await selectedPair(b)];
      expect([pa.local.candidateType, pa.remote.candidateType, pb.local.candidateType, pb.remote.candidateType]).toContain("relay");

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

  test("with UDP to the server dropped, only TCP passing, they connect through the relay over TCP: a 5 MiB file arrives intact", async () => {
    test.setTimeout(180_000);
    const ferry = await startFerry(["--host", "0.0.0.0", "--turn-port", turnPort(), "--turn-min-port", "50200", "--turn-max-port", "50299"]);
    const browsers: Browser[] = [];
    for (const h of net.hosts) net.block(h, ["-p", "udp"]);
    try {
      const [a, b] = await twoIsolatedDevices(ferry, browsers);
      const nameB = (await b.getByTestId("self-name").textContent())!.trim();
      const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
      const file = { name: "over-tcp.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024, 11) };
      await tileOfB.getByTestId("send-files").setInputFiles(file);
      await b.getByTestId("incoming").getByTestId("accept").click();
      await expectSavedFiles(b, [file], 120_000);
      await expect(tileOfB.getByTestId("peer-route")).toContainText(/relay/i);
      // Both ends reach the relay over TCP (the relayed side is UDP inside the server).
      for (const page of [a, b]) expect((await selectedPair(page)).local).toMatchObject({ candidateType: "relay", relayProtocol: "tcp" });
    } finally {
      for (const h of net.hosts) net.unblock(h);
      await Promise.all(browsers.map((b) => b.close()));
      await ferry.stop();
    }
  });

  test("without the relay they get a clear 'could not connect' instead of a hang", async () => {
    const ferry = await startFerry(["--host", "0.0.0.0", "--no-turn"]);
    const browsers: Browser[] = [];
    try {
      const [a, b] = await twoIsolatedDevices(ferry, browsers);
      // Read once it is shown: an empty name would match every tile and leave the expected sentence nameless.
      await expect(b.getByTestId("self-name")).toHaveText(/\S/);
      const nameB = (await b.getByTestId("self-name").textContent())!.trim();
      const tileOfB = a.getByTestId("peer").filter({ hasText: nameB });
      await tileOfB.getByTestId("send-files").setInputFiles({ name: "stuck.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
      await expect(a.getByTestId("transfer-error")).toContainText(/could not connect/i, { timeout: 45_000 });
      // The cause in words, and a Retry (b is still there; the path may come back).
      await expect(a.getByTestId("transfer-error")).toHaveText(`Could not connect to ${nameB}: no network path, and the relay is off`);
      await expect(a.getByTestId("transfer").getByTestId("retry")).toBeVisible();
      await expect(tileOfB.getByTestId("peer-route")).toContainText(/could not connect/i);
      // "Can't see your device?" names it: the devices see each other, no direct path, and no relay.
      await a.getByTestId("diagnostics").click();
      const panel = a.getByTestId("diagnostics-panel");
      await expect(panel.getByTestId("diagnostics-cause")).toHaveAttribute("data-cause", "no-direct-path");
      await expect(panel.locator('[data-fact="relay"]')).toHaveAttribute("data-value", "off");
      await expect(panel.locator('[data-fact="attempt"]')).toHaveAttribute("data-value", "no-path");
      await expect(panel.locator('[data-fact="attempt"]')).toContainText(nameB);
      // The candidates tried: each end's own address, no relay (none was offered).
      await expect(panel.locator('[data-fact="attempt"]')).toContainText("this device: own address; the other: own address");
    } finally {
      await Promise.all(browsers.map((b) => b.close()));
      await ferry.stop();
    }
  });
});
