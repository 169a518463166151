// "Can't see your device?" names the right cause from what the page knows. Two cases here; the third (relay
// off and no direct path) is in relay.e2e.ts, whose isolated namespaces already make exactly that failure.
import type { Browser, Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test, type Ferry } from "./fixtures";

const causes = (page: Page) => page.getByTestId("diagnostics-panel").getByTestId("diagnostics-cause");
const fact = (page: Page, name: string) => page.getByTestId("diagnostics-panel").locator(`[data-testid="diagnostics-fact"][data-fact="${name}"]`);

async function openPanel(page: Page) {
  await page.getByTestId("diagnostics").click();
  await expect(page.getByTestId("diagnostics-panel")).toBeVisible();
}

async function closePanel(page: Page) {
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("diagnostics-panel")).toHaveCount(0);
}

test.describe("diagnostics", () => {
  let ferry: Ferry;
  const browsers: Browser[] = [];
  // Loopback is trusted as a proxy, so each browser's X-Forwarded-For puts it on its own public network.
  test.beforeAll(async () => {
    ferry = await startFerry(["--no-turn", "--trust-proxy", "127.0.0.1"]);
  });
  test.afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await ferry.stop();
  });
  const device = async (address: string) => {
    const d = await launchDevice(ferry.url, { headers: { "X-Forwarded-For": address } });
    browsers.push(d.browser);
    return d.page;
  };

  test("two devices on different networks, each in its own room: the room is named, and joining the same one brings them together", async () => {
    const [a, b] = await Promise.all([device("198.51.100.7"), device("203.0.113.9")]);
    await openPanel(a);
    await expect(causes(a)).toHaveAttribute("data-cause", "alone-public");
    await expect(fact(a, "relay")).toHaveAttribute("data-value", "off");
    await expect(fact(a, "family")).toHaveAttribute("data-value", "ipv4");
    // A tag of the network, never the address.
    const tagA = (await fact(a, "network").getAttribute("data-value"))!;
    expect(tagA).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
    await expect(fact(a, "network")).toContainText(tagA);
    await expect(a.getByTestId("diagnostics-panel")).not.toContainText("198.51.100.7");
    // The way out, both doors: pairing shows a code (closed again), a room is made.
    await a.getByTestId("diagnostics-pair").click();
    await expect(a.getByTestId("pair-dialog").getByTestId("pair-code")).toHaveText(/\d/);
    await a.keyboard.press("Escape");
    await expect(a.getByTestId("pair-dialog")).toHaveCount(0);
    await openPanel(a);
    await a.getByTestId("diagnostics-room").click();
    await a.getByTestId("room-create").click();
    await expect(a.getByTestId("room-code")).toHaveAttribute("data-code", /.+/);
    const roomA = (await a.getByTestId("room-code").getAttribute("data-code"))!;
    await a.keyboard.press("Escape");

    await b.getByTestId("room-join").click();
    await b.getByTestId("room-create").click();
    await expect(b.getByTestId("room-code")).toHaveAttribute("data-code", /.+/);
    await b.keyboard.press("Escape");

    for (const page of [a, b]) {
      await openPanel(page);
      await expect(causes(page)).toHaveAttribute("data-cause", "room-alone");
      await expect(causes(page)).toHaveCount(1);
    }
    expect(await fact(b, "network").getAttribute("data-value")).not.toBe(tagA);
    await closePanel(b);

    // The way out: B joins A's room, and the panel then finds nothing wrong.
    await b.getByTestId("room-join").click();
    await b.getByTestId("room-leave").click();
    await b.getByTestId("room-code-input").fill(roomA);
    await b.getByTestId("room-code-submit").click();
    await expect(b.getByTestId("peer")).toHaveCount(1);
    await b.keyboard.press("Escape");
    await expect(causes(a)).toHaveAttribute("data-cause", "none");
  });

  test("the signaling socket down: the server is named as the cause, in the page's language", async () => {
    const own = await startFerry(["--no-turn"]);
    const d = await launchDevice(own.url, { locale: "zh-CN" });
    browsers.push(d.browser);
    await own.stop();
    await openPanel(d.page);
    await expect(causes(d.page)).toHaveAttribute("data-cause", "server-unreachable");
    await expect(causes(d.page)).toContainText("服务器");
    await expect(fact(d.page, "server")).toHaveAttribute("data-value", "down");
  });
});
