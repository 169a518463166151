// Folders: picked with the folder button or dropped from disk, offered as one row per folder with its
// count and size, empty folders included.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { dropPaths } from "./drop";
import { expect, test } from "./fixtures";

const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

test("a folder dropped from disk or picked is offered as one row, empty folders included", async ({ devices }) => {
  const dir = mkdtempSync(join(tmpdir(), "ferry-folder-"));
  try {
    mkdirSync(join(dir, "Fotos été/2023"), { recursive: true });
    mkdirSync(join(dir, "Fotos été/leer"));
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `Fotos été/2023/IMG_${i}.jpg`), Buffer.alloc(1000, i));
    writeFileSync(join(dir, "Fotos été/liste.txt"), "12 Fotos\n");
    const [a, b] = (await devices(2)) as [Page, Page];
    const tileOfB = a.getByTestId("peer").filter({ hasText: await nameOf(b) });
    await expect(tileOfB).toBeVisible();

    await dropPaths(tileOfB, [join(dir, "Fotos été")]);
    const incoming = b.getByTestId("incoming");
    await expect(incoming.getByTestId("folder-row")).toHaveText("Fotos été/ — 13 files, 12.0 kB · 1 empty folder");
    await incoming.getByTestId("decline").click();

    // A picked folder lists only its files: browsers leave empty folders out of <input webkitdirectory>.
    await tileOfB.getByTestId("send-folder").setInputFiles(join(dir, "Fotos été"));
    await expect(incoming.getByTestId("folder-row")).toHaveText("Fotos été/ — 13 files, 12.0 kB");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
