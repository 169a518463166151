// Pairing across networks for real: two Chromium processes in network namespaces whose addresses are in two
// public documentation ranges (TEST-NET-2 and -3), so the server puts them in two rooms and they have no path
// to each other but through the embedded relay. Plain-http pages at those addresses are not secure contexts,
// so their device keys are @noble/curves keys. One server and two browsers for the whole story, in order: a
// temporary room, then pairing.
// Needs root (ip netns); skips loudly otherwise. CI runs as root.
import type { Browser, Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test, type Ferry } from "./fixtures";
import { canReach, createHosts, isRoot, type NetHost, type NetHosts } from "./netns";
import { confirmBoth, pairByTypedCode, readStored, showPairCode } from "./pairing";
import { bytes, expectSavedFiles } from "./test-bytes";

let net: NetHosts;
let ferry: Ferry;
let args: string[];
const browsers: Browser[] = [];
let a: Page;
let b: Page;
const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();
const urlOf = (host: NetHost) => `http://${host.gateway}:${ferry.port}/`;
const tileIn = async (page: Page, of: Page) => page.getByTestId("peer").filter({ hasText: await nameOf(of) });

test.describe.configure({ mode: "serial" });

test.describe("devices on two networks, paired", () => {
  test.skip(!isRoot, "NOT RUN: network-namespace tests need root (CI runs them as root)");

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    net = createHosts(2, "public");
    expect(canReach(net.hosts[0]!, net.hosts[1]!.address)).toBe(false);
    const relayPorts = 51000 + Math.floor(Math.random() * 40) * 100;
    args = ["--host", "0.0.0.0", "--turn-port", String(40000 + Math.floor(Math.random() * 5000)), "--turn-min-port", String(relayPorts), "--turn-max-port", String(relayPorts + 99)];
    ferry = await startFerry(args);
    const pages: Page[] = [];
    for (const host of net.hosts) {
      // Plain host candidates instead of mDNS names: there is no mDNS between namespaces.
      const d = await launchDevice(urlOf(host), { executablePath: host.chromium, args: ["--disable-features=WebRtcHideLocalIpsWithMdns"] });
      browsers.push(d.browser);
      pages.push(d.page);
    }
    [a, b] = pages as [Page, Page];
  });

  test.afterAll(async () => {
    await Promise.all(browsers.map((br) => br.close()));
    await ferry?.stop();
    net?.teardown();
  });

  test("a temporary room joins them while both are in it, and leaving parts them", async () => {
    await a.getByTestId("room-join").click();
    await a.getByTestId("room-create").click();
    const code = (await a.getByTestId("room-code").getAttribute("data-code"))!;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    await expect.poll(() => new URL(a.url()).hash).toBe(`#room=${code}`);
    await b.getByTestId("room-join").click();
    await b.getByTestId("room-code-input").fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
    await b.getByTestId("room-code-submit").click();
    await expect(b.getByTestId("room-code")).toHaveAttribute("data-code", code);
    await expect(await tileIn(a, b)).toBeVisible();
    await expect((await tileIn(b, a)).getByTestId("paired")).toHaveCount(0);
    await b.getByTestId("room-leave").click();
    await expect(a.getByTestId("peer")).toHaveCount(0);
    await expect(b.getByTestId("peer")).toHaveCount(0);
    for (const p of [a, b]) await p.keyboard.press("Escape");
    await a.getByTestId("room-join").click();
    await a.getByTestId("room-leave").click();
    await a.keyboard.press("Escape");
    await expect(a.getByTestId("room-join")).toHaveText("Join a room");
  });

  test("before pairing they do not see each other; after pairing by typed code a 5 MiB file and a text arrive through the relay", async () => {
    test.setTimeout(150_000);
    for (const p of [a, b]) {
      expect(await p.evaluate(() => window.isSecureContext)).toBe(false);
      expect(await readStored(p, "device-key")).toMatchObject({ kind: "noble" });
      await expect(p.getByTestId("peer")).toHaveCount(0);
    }
    await a.waitForTimeout(1500);
    await expect(a.getByTestId("peer")).toHaveCount(0);
    await expect(b.getByTestId("peer")).toHaveCount(0);

    await pairByTypedCode(a, b);
    const tileOfB = await tileIn(a, b);
    await expect(tileOfB.getByTestId("paired")).toBeVisible();
    await expect((await tileIn(b, a)).getByTestId("paired")).toBeVisible();

    const file = { name: "across.bin", mimeType: "application/octet-stream", buffer: bytes(5 * 1024 * 1024, 8) };
    await tileOfB.getByTestId("send-files").setInputFiles(file);
    await b.getByTestId("incoming").getByTestId("accept").click();
    await expectSavedFiles(b, [file], 90_000);
    await tileOfB.getByTestId("send-text").click();
    await a.getByTestId("text-input").fill("across networks ✓");
    await a.getByTestId("text-send").click();
    await expect(b.getByTestId("received-text")).toHaveText("across networks ✓");
    await expect(tileOfB.getByTestId("peer-route")).toContainText(/relay/i);
    // The tile shows the same verification code on both ends.
    await expect(tileOfB.getByTestId("verify-code")).toHaveText((await (await tileIn(b, a)).getByTestId("verify-code").textContent())!);
  });

  test("chosen names and the pairing survive both pages reloading and the server restarting", async () => {
    test.setTimeout(90_000);
    await a.getByTestId("self-name").click();
    await a.getByLabel("Device name").fill("Laptop at home");
    await a.keyboard.press("Enter");
    await expect(b.getByTestId("peer").filter({ hasText: "Laptop at home" })).toBeVisible();

    await ferry.stop();
    ferry = await startFerry(["--port", String(ferry.port), ...args]);
    await Promise.all([a.reload(), b.reload()]);
    await expect(a.getByTestId("self-name")).toHaveText("Laptop at home");
    const tileOfA = b.getByTestId("peer").filter({ hasText: "Laptop at home" });
    await expect(tileOfA.getByTestId("paired")).toBeVisible({ timeout: 30_000 });
    await expect((await tileIn(a, b)).getByTestId("paired")).toBeVisible();
    // They meet again: a text goes through, over a link whose proofs matched the pinned keys.
    await tileOfA.getByTestId("send-text").click();
    await b.getByTestId("text-input").fill("still paired");
    await b.getByTestId("text-send").click();
    await expect(a.getByTestId("received-text")).toHaveText("still paired");
  });

  test("unpairing on one side removes the tile on both", async () => {
    await (await tileIn(b, a)).getByTestId("unpair").click();
    await expect(b.getByTestId("peer")).toHaveCount(0);
    await expect(a.getByTestId("peer")).toHaveCount(0);
  });

  test("opening the QR code's link pairs them again", async () => {
    test.setTimeout(60_000);
    const code = await showPairCode(a);
    const link = (await a.getByTestId("pair-link").textContent())!;
    expect(link).toBe(`${urlOf(net.hosts[0]!)}#pair=${code}`);
    await expect(a.getByTestId("pair-dialog").getByRole("img", { name: /QR code/ })).toBeVisible();
    // B reaches the same server at its own address: the link's path and fragment, on B's side.
    await b.goto(urlOf(net.hosts[1]!) + new URL(link).hash);
    await confirmBoth(a, b);
    await expect(b.getByTestId("peer").filter({ hasText: "Laptop at home" }).getByTestId("paired")).toBeVisible();
    expect(new URL(b.url()).hash).toBe("");
  });
});
