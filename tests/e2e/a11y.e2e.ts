// Every hand and every screen reader: axe finds nothing serious in the main states (light and dark), every
// control is a 44 px target, and a keyboard alone sends a file, accepts one offer with Enter and declines
// another with Escape, saves the accepted file (exactly its bytes) and opens "Can't see your device?".
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { axeProblems, smallTargets } from "./axe";
import { expect, test } from "./fixtures";
import { pasteInto } from "./paste";

const selfName = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

async function expectAccessible(page: Page, state: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    // Reduced motion turns transitions off, so colours are read after the switch, not halfway through it.
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    expect({ state, colorScheme, axe: await axeProblems(page) }).toEqual({ state, colorScheme, axe: [] });
  }
  await page.emulateMedia({ colorScheme: null, reducedMotion: null });
  expect({ state, small: await smallTargets(page) }).toEqual({ state, small: [] });
}

test("the main states pass axe and have 44 px targets", async ({ devices }) => {
  const [a] = await devices(1);
  await expectAccessible(a!, "alone");
  const [b] = await devices(1);
  const tileOfB = a!.getByTestId("peer").filter({ hasText: await selfName(b!) });
  await expect(tileOfB).toBeVisible();
  await expectAccessible(a!, "two devices");

  await a!.getByTestId("diagnostics").click();
  await expect(a!.getByTestId("diagnostics-panel")).toBeVisible();
  await expectAccessible(a!, "diagnostics panel");
  await a!.keyboard.press("Escape");

  await a!.getByRole("button", { name: /add a device/i }).click();
  await expectAccessible(a!, "invite dialog");
  await a!.keyboard.press("Escape");

  await tileOfB.getByTestId("send-files").setInputFiles([{ name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("hello") }]);
  await expect(b!.getByTestId("incoming")).toBeVisible();
  await expectAccessible(b!, "offer");
  await b!.getByTestId("accept").click();
  await expect(b!.getByTestId("save")).toBeVisible();
  await tileOfB.getByTestId("send-text").click();
  await a!.getByTestId("text-input").fill("see https://example.com");
  await expectAccessible(a!, "composer");
  await a!.getByTestId("text-send").click();
  await expect(b!.getByTestId("received-text")).toBeVisible();
  await expectAccessible(b!, "activity");
  await pasteInto(b!, { text: "pasted", image: true });
  await pasteInto(b!, { image: true });
  await expect(b!.getByTestId("send-to").locator("img")).toHaveCount(1);
  await expectAccessible(b!, "send-to bar");
});

/** Presses Tab until `target` has the focus (at most `max` times). */
async function tabTo(page: Page, target: import("@playwright/test").Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("with the keyboard alone: tab to a device, send a file; Enter accepts an offer, Escape declines one", async ({ devices }) => {
  const [a, b] = await devices(2);
  const tileOfB = a!.getByTestId("peer").filter({ hasText: await selfName(b!) });
  const mainButton = tileOfB.locator("button.peer__main");
  await expect(tileOfB).toBeVisible();

  const send = async (name: string, text: string) => {
    await tabTo(a!, mainButton);
    const [chooser] = await Promise.all([a!.waitForEvent("filechooser"), a!.keyboard.press("Enter")]);
    // The operating system's file dialog is the one thing a page test cannot press keys in.
    await chooser.setFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  };

  await send("by-keyboard.txt", "typed, not clicked");
  const incoming = b!.getByTestId("incoming");
  await expect(incoming).toContainText("by-keyboard.txt");
  await expect(incoming).toBeFocused();
  await b!.keyboard.press("Enter");
  await expect(incoming).toHaveCount(0);
  // Saved from the keyboard as well: exactly the bytes sent.
  await tabTo(b!, b!.getByTestId("save"));
  const [download] = await Promise.all([b!.waitForEvent("download"), b!.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toBe("by-keyboard.txt");
  expect(readFileSync((await download.path())!, "utf8")).toBe("typed, not clicked");

  await send("unwanted.txt", "no thanks");
  await expect(incoming).toBeFocused();
  await b!.keyboard.press("Escape");
  await expect(incoming).toHaveCount(0);
  await expect(a!.getByTestId("transfer-error")).toContainText(/declined/i);
  await expect(b!.getByTestId("transfer-error")).toContainText(/declined/i);

  // "Can't see your device?" opens from the keyboard too, and Escape closes it.
  await tabTo(b!, b!.getByTestId("diagnostics"));
  await b!.keyboard.press("Enter");
  await expect(b!.getByTestId("diagnostics-panel")).toBeVisible();
  await b!.keyboard.press("Escape");
  await expect(b!.getByTestId("diagnostics-panel")).toHaveCount(0);
});
