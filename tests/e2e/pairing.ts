// Pairing two pages as people do: one shows its code, the other types it (or opens the QR code's link); both
// compare the verification code and confirm.
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** Open "Pair a device" on `page` and read the code it shows. */
export async function showPairCode(page: Page): Promise<string> {
  await page.getByTestId("pair").click();
  const code = page.getByTestId("pair-code");
  await expect(code).toHaveAttribute("data-code", /^\d{6}$/);
  return (await code.getAttribute("data-code"))!;
}

/** Both pages compare the same verification code, confirm, and see the pairing done; the dialogs close. */
export async function confirmBoth(a: Page, b: Page) {
  const [codeA, codeB] = [a.getByTestId("pair-dialog").getByTestId("verify-code"), b.getByTestId("pair-dialog").getByTestId("verify-code")];
  // A fresh link, both ends starting it at once: allow for the 20 s a connection may take on a loaded machine.
  await expect(codeA).toHaveText(/^\d{3} \d{3}$/, { timeout: 30_000 });
  await expect(codeB).toHaveText((await codeA.textContent())!);
  for (const p of [a, b]) await p.getByTestId("pair-confirm").click();
  for (const p of [a, b]) {
    await expect(p.getByTestId("pair-done")).toBeVisible();
    await p.keyboard.press("Escape");
    await expect(p.getByTestId("pair-dialog")).toHaveCount(0);
  }
}

/** Pair `a` and `b` by typing a's code on b. */
export async function pairByTypedCode(a: Page, b: Page) {
  const code = await showPairCode(a);
  await b.getByTestId("pair").click();
  await b.getByTestId("pair-code-input").fill(code);
  await b.getByTestId("pair-code-submit").click();
  await confirmBoth(a, b);
}

/** What this page's IndexedDB holds under `key` (the engine's identity/kv.ts store). */
export function readStored(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("ferry");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("kv").objectStore("kv").get(key);
          req.onsuccess = () => {
            const v = req.result as { kind?: string; privateKey?: CryptoKey } | undefined;
            // CryptoKeys do not cross to Node: say what they are.
            resolve(v && typeof v === "object" && "privateKey" in v ? { ...v, privateKey: v.privateKey instanceof CryptoKey ? { extractable: v.privateKey.extractable } : "bytes" } : v);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    key,
  );
}
