// Ferry speaks the browser's language (English, Simplified and Traditional Chinese), remembers a choice
// made in the picker, and its main states fit phone and desktop widths in each language.
import type { Page, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { layoutProblems } from "./layout";
import { pasteInto } from "./paste";

/** A full-page screenshot kept in the test's output folder and attached to its result, for people to look at. */
async function screenshot(page: Page, info: TestInfo, name: string, fullPage = true) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await info.attach(name, { path, contentType: "image/png" });
}

const selfName = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

test("a Chinese browser gets Chinese; the picker switches to English and the choice survives a reload", async ({ devices }) => {
  const [cn, tw] = await Promise.all([devices(1, { locale: "zh-CN" }), devices(1, { locale: "zh-TW" })]).then((d) => d.flat());
  await expect(cn!.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(cn!.getByTestId("language")).toHaveValue("zh-CN");
  await expect(cn!.getByRole("heading", { name: "附近的设备" })).toBeVisible();
  await expect(tw!.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(tw!.getByRole("heading", { name: "附近的裝置" })).toBeVisible();

  await cn!.getByTestId("language").selectOption("en");
  await expect(cn!.locator("html")).toHaveAttribute("lang", "en");
  await expect(cn!.getByRole("heading", { name: "Nearby devices" })).toBeVisible();
  await cn!.reload();
  await expect(cn!.getByTestId("self-name")).not.toBeEmpty();
  await expect(cn!.getByTestId("language")).toHaveValue("en");
  await expect(cn!.getByRole("heading", { name: "Nearby devices" })).toBeVisible();
  await expect(cn!.locator("html")).toHaveAttribute("lang", "en");
});

test("the main states fit at 390 px and 1280 px in Chinese and English, with nothing clipped", async ({ devices }, info) => {
  const [a, b] = await devices(2, { locale: "zh-CN" });
  const [nameA, nameB] = [await selfName(a!), await selfName(b!)];
  const tileOfB = a!.getByTestId("peer").filter({ hasText: nameB });
  await expect(tileOfB).toBeVisible();
  await expect(b!.getByTestId("peer").filter({ hasText: nameA })).toBeVisible();

  // b: an offer waiting for an answer; a: a delivered transfer and a sent text; then b also has the text.
  await tileOfB.getByTestId("send-files").setInputFiles([
    { name: "报告 2024.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(120_000, 1) },
    { name: "holiday-photo.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(80_000, 2) },
  ]);
  await expect(b!.getByTestId("incoming")).toBeVisible();
  const shots: [string, Page][] = [["offer", b!]];
  const check = async (state: string, page: Page) => {
    // Screens are checked at rest: resizing restarts a sheet's entry animation.
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const locale of ["zh-CN", "en"]) {
      await page.getByTestId("language").selectOption(locale);
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
        await screenshot(page, info, `${state}-${locale}-${width}`);
        expect({ state, locale, width, problems: await layoutProblems(page) }).toEqual({ state, locale, width, problems: [] });
      }
    }
  };
  for (const [state, page] of shots) await check(state, page);

  await b!.getByTestId("incoming").getByTestId("accept").click();
  await expect(b!.getByTestId("save")).toHaveCount(2);
  await tileOfB.getByTestId("send-text").click();
  await a!.getByTestId("text-input").fill("会议改到下午三点，地址在这里：https://example.com/meeting");
  await check("composer", a!);
  await a!.getByTestId("text-send").click();
  await expect(b!.getByTestId("received-text")).toBeVisible();
  await check("activity-receiver", b!);
  await check("activity-sender", a!);
  await pasteInto(a!, { image: true, files: [{ name: "会议记录-final-version-2.docx", buffer: Buffer.alloc(5000) }] });
  await expect(a!.getByTestId("send-to")).toBeVisible();
  await check("send-to", a!);
  await a!.getByTestId("send-to").getByRole("button", { name: /close/i }).first().click();

  await a!.getByTestId("diagnostics").click();
  await expect(a!.getByTestId("diagnostics-panel")).toBeVisible();
  await check("diagnostics", a!);
});

test("alone in the room, the invite fits in both languages", async ({ devices }, info) => {
  const [page] = await devices(1, { locale: "zh-TW" });
  for (const locale of ["zh-TW", "en"]) {
    await page!.getByTestId("language").selectOption(locale);
    for (const width of [390, 1280]) {
      await page!.setViewportSize({ width, height: 844 });
      await screenshot(page!, info, `empty-${locale}-${width}`);
      expect({ locale, width, problems: await layoutProblems(page!) }).toEqual({ locale, width, problems: [] });
    }
  }
});

test("on a phone the plain-HTTP notice takes one line, opens to explain, and stays dismissed", async ({ devices, ferry }, info) => {
  // A name that is not localhost, so Chromium judges the page as it would a LAN address: not a secure context.
  const [page] = await devices(1, { args: ["--host-resolver-rules=MAP ferry.test 127.0.0.1"] });
  await page!.setViewportSize({ width: 390, height: 844 });
  await page!.goto(`http://ferry.test:${ferry.port}/`);
  const notice = page!.getByTestId("insecure-notice");
  await expect(notice).toBeVisible();
  await screenshot(page!, info, "insecure-390", false);
  expect((await notice.boundingBox())!.height).toBeLessThanOrEqual(60);
  await notice.getByText(/some features are off/i).click();
  await expect(notice).toContainText("--tls-self-signed");
  await screenshot(page!, info, "insecure-open-390", false);
  expect(await layoutProblems(page!)).toEqual([]);
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
  await page!.reload();
  await expect(page!.getByTestId("self-name")).not.toBeEmpty();
  await expect(notice).toHaveCount(0);
});
