// Firefox as a second kind of device: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi
// (Playwright's own Firefox build cannot be downloaded here; see /work/shared/testing.md).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const FIREFOX = "/usr/bin/firefox-esr";

export interface FirefoxDevice {
  browser: Browser;
  page: Page;
  /** Where the page's downloads land. */
  downloads: string;
  close(): Promise<void>;
}

export async function launchFirefox(url: string): Promise<FirefoxDevice> {
  const downloads = mkdtempSync(join(tmpdir(), "ferry-ff-dl-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      "browser.download.dir": downloads,
      "browser.download.folderList": 2,
      "browser.download.useDownloadDir": true,
      "browser.download.always_ask_before_handling_new_types": false,
      // Keep a closed network quiet (the same reason as Chromium's --disable-background-networking).
      "app.update.enabled": false,
      "browser.safebrowsing.malware.enabled": false,
      "browser.safebrowsing.phishing.enabled": false,
      "network.captive-portal-service.enabled": false,
      "network.connectivity-service.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
    },
  });
  const page = await browser.newPage();
  page.on("pageerror", (err) => console.log(`[firefox page error] ${err instanceof Error ? err.message : String(err)}`));
  await page.goto(url);
  await page.waitForFunction(() => (document.querySelector('[data-testid="self-name"]')?.textContent ?? "").trim().length > 0, { timeout: 30_000 });
  return {
    browser,
    page,
    downloads,
    async close() {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

/** The trimmed text of the first element with this data-testid, or "" when there is none. */
export const testIdText = (page: Page, id: string) => page.$$eval(`[data-testid="${id}"]`, (els) => (els[0]?.textContent ?? "").trim());
