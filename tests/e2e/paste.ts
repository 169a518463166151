// A paste event as Ctrl/Cmd+V makes it, carrying files (which the web clipboard API cannot write) or a text.
import type { Page } from "@playwright/test";

export async function pasteInto(page: Page, what: { text?: string; image?: boolean; files?: { name: string; buffer: Buffer }[] }) {
  await page.evaluate(
    async ({ text, image, files }) => {
      const dt = new DataTransfer();
      if (text) dt.setData("text/plain", text);
      for (const f of files) dt.items.add(new File([Uint8Array.from(f.bytes)], f.name));
      if (image) {
        const canvas = new OffscreenCanvas(120, 80);
        const g = canvas.getContext("2d")!;
        g.fillStyle = "#e08a2e";
        g.fillRect(0, 0, 120, 80);
        dt.items.add(new File([await canvas.convertToBlob({ type: "image/png" })], "image.png", { type: "image/png" }));
      }
      document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { text: what.text, image: what.image ?? false, files: (what.files ?? []).map((f) => ({ name: f.name, bytes: [...f.buffer] })) },
  );
}
