// The binary bytes a page's DataChannels receive, counted in the page: how much a resume sent again, and when
// bytes flowed again. Every channel the page makes is counted, the ones after a reconnect too.
import { expect, type Page } from "@playwright/test";

/** Count the binary bytes each DataChannel of the page receives, and when the first and last of them came. */
export async function countReceived(page: Page) {
  await page.addInitScript(() => {
    const channels: { bytes: number; first: number; last: number }[] = ((window as unknown as { __rx: unknown }).__rx = []);
    const create = RTCPeerConnection.prototype.createDataChannel;
    RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, ...args: Parameters<typeof create>) {
      const ch = create.apply(this, args);
      const rec = { bytes: 0, first: 0, last: 0 };
      channels.push(rec);
      ch.addEventListener("message", (e) => {
        if (!(e.data instanceof ArrayBuffer)) return;
        rec.bytes += e.data.byteLength;
        rec.last = Date.now();
        rec.first ||= rec.last;
      });
      return ch;
    };
  });
  await page.reload();
  await expect(page.getByTestId("self-name")).not.toBeEmpty();
}
type Rx = { bytes: number; first: number; last: number }[];
export const received = (page: Page) => page.evaluate(() => (window as unknown as { __rx: Rx }).__rx);
export const rxBytes = async (page: Page) => (await received(page)).reduce((sum, c) => sum + c.bytes, 0);
