// One pick of files, offered to several devices at once: each gets its own offer and progress, and one that
// waits or declines holds back none of the others.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { bytes, expectSavedFiles } from "./test-bytes";

const nameOf = async (page: Page) => (await page.getByTestId("self-name").textContent())!.trim();

test("one send to three devices delivers to all three, and one waiting then declining stops none of the others", async ({ devices }) => {
  test.setTimeout(180_000);
  const [a, b, c, d] = (await devices(4)) as [Page, Page, Page, Page];
  await expect(a.getByTestId("peer")).toHaveCount(3);
  const files = [
    { name: "slides.bin", mimeType: "application/octet-stream", buffer: bytes(6 * 1024 * 1024, 3) },
    { name: "notes ✓.txt", mimeType: "text/plain", buffer: Buffer.from("for everyone\n") },
  ];
  await a.getByTestId("send-many-files").setInputFiles(files);

  // B sees the offer and leaves it unanswered while C and D take theirs.
  for (const p of [b, c, d]) await expect(p.getByTestId("incoming")).toContainText("slides.bin");
  await c.getByTestId("incoming").getByTestId("accept").click();
  await d.getByTestId("incoming").getByTestId("accept").click();
  await expectSavedFiles(c, files);
  await expectSavedFiles(d, files);
  await expect(a.getByText("Delivered")).toHaveCount(2);
  await expect(b.getByTestId("incoming")).toBeVisible();

  await b.getByTestId("incoming").getByTestId("decline").click();
  await expect(a.getByTestId("transfer-error")).toHaveCount(1);
  await expect(a.getByTestId("transfer-error")).toContainText(`${await nameOf(b)} declined`);

  // Ticking devices narrows the next send to them.
  for (const p of [b, c]) await a.getByTestId("peer").filter({ hasText: await nameOf(p) }).getByTestId("peer-select").check();
  await a.getByTestId("send-many-files").setInputFiles({ name: "only-two.txt", mimeType: "text/plain", buffer: Buffer.from("b and c") });
  await expect(b.getByTestId("incoming")).toContainText("only-two.txt");
  await expect(c.getByTestId("incoming")).toContainText("only-two.txt");
  // D's offer would have arrived with the others' (all are sent at once); give it a moment more to be sure.
  await a.waitForTimeout(1000);
  await expect(d.getByTestId("incoming")).toHaveCount(0);
});
