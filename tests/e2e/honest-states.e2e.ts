// Honest states: an offer says "Connecting to X…" until X has it and "Waiting for X to accept…" after; a send
// that fails names the real cause, and offers Retry where offering the same files again can work.
import type { Page } from "@playwright/test";
import { expect, launchDevice, startFerry, test } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

/** The page's signaling goes through here: while `on`, the signals it sends toward peers wait in `queue`. */
interface Hold {
  on: boolean;
  queue: (() => void)[];
}

/** A slow path to the peer: the real server, with this page's outgoing signals held back while `hold.on`. */
const holdSignals = (hold: Hold) => (page: Page) =>
  page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (hold.on && typeof m === "string" && (JSON.parse(m) as { type: string }).type === "signal") hold.queue.push(() => server.send(m));
      else server.send(m);
    });
    server.onMessage((m) => ws.send(m));
  });

function release(hold: Hold) {
  hold.on = false;
  for (const send of hold.queue.splice(0)) send();
}

test("an offer says Connecting until the peer has it, then Waiting for it to accept; one the server's restart cut off says so, and Retry sends it", async () => {
  test.setTimeout(120_000);
  const first = await startFerry(["--no-turn"]);
  let second: Awaited<ReturnType<typeof startFerry>> | null = null;
  const hold: Hold = { on: false, queue: [] };
  const a = await launchDevice(first.url, { prepare: holdSignals(hold) });
  const b = await launchDevice(first.url);
  try {
    const nameB = await nameOf(b.page);
    const tileOfB = a.page.getByTestId("peer").filter({ hasText: nameB });
    await expect(tileOfB).toBeVisible();
    const cards = a.page.getByTestId("transfer");

    hold.on = true;
    await tileOfB.getByTestId("send-files").setInputFiles({ name: "first.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await expect(cards).toHaveAttribute("data-state", "connecting");
    await expect(cards).toContainText(`Connecting to ${nameB}…`);
    await a.page.waitForTimeout(1000);
    await expect(cards).toHaveAttribute("data-state", "connecting");
    await expect(b.page.getByTestId("incoming")).toHaveCount(0);
    release(hold);
    await expect(cards).toHaveAttribute("data-state", "offered");
    await expect(cards).toContainText(`Waiting for ${nameB} to accept…`);
    await b.page.getByTestId("incoming").getByTestId("decline").click();
    await expect(cards).toHaveAttribute("data-state", "declined");
    await expect(cards.getByTestId("retry")).toHaveCount(0);

    // A reload of b closes the link between them: the next offer needs a new one, and the server to make it.
    await b.page.reload();
    await expect(b.page.getByTestId("self-name")).not.toBeEmpty();
    hold.on = true;
    const data = bytes(1024 * 1024, 3);
    await tileOfB.getByTestId("send-files").setInputFiles({ name: "second.bin", mimeType: "application/octet-stream", buffer: data });
    const cut = a.page.locator('[data-testid="transfer"][data-state="connecting"]');
    await expect(cut).toBeVisible();
    await first.stop();
    const failed = a.page.locator('[data-testid="transfer"][data-state="failed"]');
    await expect(failed.getByTestId("transfer-error")).toHaveText(`The server restarted before ${nameB} got the offer`);
    // The held signals belonged to the server that went.
    hold.queue.length = 0;
    hold.on = false;
    second = await startFerry(["--no-turn", "--port", String(first.port)]);
    for (const page of [a.page, b.page]) await expect(page.getByRole("status").first()).toHaveText(/^Online$/, { timeout: 20_000 });
    await failed.getByTestId("retry").click();
    await expect(failed).toHaveCount(0);
    await b.page.getByTestId("incoming").getByTestId("accept").click();
    await expectSavedFiles(b.page, [{ name: "second.bin", buffer: data }]);
    await expect(cards.first()).toHaveAttribute("data-state", "done");
  } finally {
    await Promise.all([a.browser.close(), b.browser.close()]);
    await second?.stop();
    await first.stop();
  }
});

test("an offer whose receiver closes its page says that page was closed, with no Retry while that device is gone", async ({ devices }) => {
  const [a, b] = (await devices(2)) as [Page, Page];
  const nameB = await nameOf(b);
  await a.getByTestId("peer").filter({ hasText: nameB }).getByTestId("send-files").setInputFiles({ name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  const card = a.getByTestId("transfer");
  await expect(card).toHaveAttribute("data-state", "offered");
  await b.close();
  await expect(card.getByTestId("transfer-error")).toHaveText(`${nameB}'s page was closed`);
  await expect(card.getByTestId("retry")).toHaveCount(0);
});
