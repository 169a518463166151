// A page that lives on a phone: it keeps the screen awake while a transfer needs it, and when it comes back
// (unlocked, thawed, back online) it reconnects at once instead of waiting out its backoff timer.
import type { Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test } from "./fixtures";

/** Record every screen wake lock the page takes, so the test can read each sentinel's own `released` state. */
async function recordWakeLocks(page: Page) {
  await page.addInitScript(() => {
    const taken: WakeLockSentinel[] = ((window as unknown as { __wakeLocks: WakeLockSentinel[] }).__wakeLocks = []);
    const request = navigator.wakeLock.request.bind(navigator.wakeLock);
    navigator.wakeLock.request = async (type) => {
      const s = await request(type);
      taken.push(s);
      return s;
    };
  });
  await page.reload();
  await expect(page.getByTestId("self-name")).not.toBeEmpty();
}

const heldLocks = (page: Page) => page.evaluate(() => (window as unknown as { __wakeLocks: WakeLockSentinel[] }).__wakeLocks.filter((s) => !s.released).length);

test("a screen wake lock is held while an offer is open and released when it is over", async () => {
  const ferry = await startFerry(["--no-turn"]);
  const a = await launchDevice(ferry.url);
  const b = await launchDevice(ferry.url);
  try {
    await a.page.context().grantPermissions(["screen-wake-lock"]);
    await b.page.context().grantPermissions(["screen-wake-lock"]);
    await recordWakeLocks(a.page);
    await recordWakeLocks(b.page);
    const nameB = (await b.page.getByTestId("self-name").textContent())!.trim();
    expect(await heldLocks(a.page)).toBe(0);

    await a.page.getByTestId("peer").filter({ hasText: nameB }).getByTestId("send-files").setInputFiles({ name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
    await expect(b.page.getByTestId("incoming")).toBeVisible();
    await expect.poll(() => heldLocks(a.page)).toBe(1);
    await expect.poll(() => heldLocks(b.page)).toBe(1);

    await b.page.getByTestId("incoming").getByTestId("decline").click();
    await expect(a.page.getByTestId("transfer")).toHaveAttribute("data-state", "declined");
    await expect.poll(() => heldLocks(a.page)).toBe(0);
    await expect.poll(() => heldLocks(b.page)).toBe(0);
  } finally {
    await Promise.all([a.browser.close(), b.browser.close()]);
    await ferry.stop();
  }
});

test("a page that comes back online reconnects at once, not after its backoff", async () => {
  const first = await startFerry(["--no-turn"]);
  const a = await launchDevice(first.url);
  try {
    const status = a.page.getByRole("status").first();
    await expect(status).toHaveText(/^Online$/);
    await first.stop();
    // Let several attempts fail, so the next one is seconds away (backoff up to 8 s).
    await a.page.waitForTimeout(9000);
    const second = await startFerry(["--no-turn", "--port", String(first.port)]);
    try {
      const t0 = Date.now();
      await a.page.evaluate(() => window.dispatchEvent(new Event("online")));
      await expect(status).toHaveText(/^Online$/, { timeout: 2500 });
      console.log(`online again ${Date.now() - t0} ms after the 'online' event`);
    } finally {
      await second.stop();
    }
  } finally {
    await a.browser.close();
    await first.stop();
  }
});
