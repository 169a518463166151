// The two measurements: a file sent through Ferry's real UI, and the same bytes over a bare DataChannel.
// Both use two fresh Chromium processes on loopback and time with Date.now(), which all pages share
// (performance.now() has a different origin in each page).
import type { BrowserContextOptions, Locator, Page } from "@playwright/test";
import { HIGH_WATER, LOW_WATER, MAX_MESSAGE_BYTES } from "../../client/engine/peer-link";
import { stubPickers } from "../../tests/e2e/chosen-folder";
import { closeDevices, launchDevice, type Device } from "./harness";
import { watchTree, type TreeUsage } from "./proc-stats";
import { udpReceiveDrops, wireCounts, wireDelta, type WireCounts } from "./wire-stats";

const MiB = 1024 * 1024;

export interface RunResult {
  /** "compared": another Ferry checkout (`--compare DIR`), measured exactly as "ferry". */
  kind: "ferry" | "compared" | "baseline" | "pairdrop";
  bytes: number;
  /** Wall time of the measured part: accept → file ready to save (Ferry, PairDrop), first send → last byte (baseline). */
  ms: number;
  /** Extra timings worth printing, e.g. how long until the first progress showed. */
  notes: string[];
  sender: TreeUsage;
  receiver: TreeUsage;
  /** What each side's connections sent and received while measured. */
  /** `drops`: UDP datagrams lost to full receive buffers on this machine meanwhile (null: unknown). */
  wire: { sender: WireCounts; receiver: WireCounts; drops: number | null };
}

/** Watch both browsers' CPU and memory while `measure` runs. */
export async function measured<T>(sender: Device, receiver: Device, measure: () => Promise<T>) {
  const counts = () => Promise.all([wireCounts(sender.page), wireCounts(receiver.page)]);
  const before = await counts();
  const dropsBefore = udpReceiveDrops();
  const [ws, wr] = [watchTree(sender.pid), watchTree(receiver.pid)];
  try {
    const value = await measure();
    const usage = { sender: ws.stop(), receiver: wr.stop() };
    const dropsAfter = udpReceiveDrops();
    const after = await counts();
    const drops = dropsBefore === null || dropsAfter === null ? null : dropsAfter - dropsBefore;
    return { value, ...usage, wire: { sender: wireDelta(before[0], after[0]), receiver: wireDelta(before[1], after[1]), drops } };
  } catch (err) {
    ws.stop();
    wr.stop();
    throw err;
  }
}

export async function withDevices<T>(url: string, body: (a: Device, b: Device) => Promise<T>, contextOptions: BrowserContextOptions = {}): Promise<T> {
  const devices: Device[] = [];
  try {
    devices.push(await launchDevice(url, contextOptions));
    devices.push(await launchDevice(url, contextOptions));
    return await body(devices[0]!, devices[1]!);
  } finally {
    await closeDevices(devices);
  }
}

// ---- Ferry -------------------------------------------------------------------------------------------

export async function selfName(page: Page): Promise<string> {
  // Generous: with other browsers busy on this machine a page can take long to load and connect.
  const name = await page.waitForFunction(() => document.querySelector("[data-testid=self-name]")?.textContent?.trim() || null, null, { timeout: 90_000 });
  return (await name.jsonValue()) as string;
}

/**
 * Build the file inside the sender's page and hand it to a file input as a person choosing it would.
 * setInputFiles would push all the bytes through the DevTools protocol, which is slow and memory-hungry.
 */
export async function chooseFileInPage(input: Locator, mib: number) {
  await input.waitFor({ state: "attached" });
  await input.evaluate((el: HTMLInputElement, mib: number) => {
    const block = new Uint8Array(1 << 20);
    // getRandomValues fills at most 64 KiB per call. One random MiB, stamped with its index, is random enough:
    // nothing on the way compresses or deduplicates.
    for (let off = 0; off < block.length; off += 65536) crypto.getRandomValues(block.subarray(off, off + 65536));
    const parts: Blob[] = [];
    for (let i = 0; i < mib; i++) {
      new DataView(block.buffer).setUint32(0, i);
      parts.push(new Blob([block])); // Blob copies, so reusing `block` is safe
    }
    const dt = new DataTransfer();
    dt.items.add(new File(parts, `bench-${mib}MiB.bin`, { type: "application/octet-stream" }));
    el.files = dt.files;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, mib);
}

interface FerryTiming {
  acceptedAt: number;
  /** When B's progress bar first showed ≥ 1% and ≥ 99%: ramp-up and the tail (last bytes, hash check, file close). */
  onePercentAt: number | null;
  ninetyNineAt: number | null;
  savedAt: number;
  /** Of B's polls, how many found each endlessly animated element (their frames cost CPU): selector → count, and the polls. */
  animated: Record<string, number>;
  polls: number;
}

/** The UI's endless animations (pulse, shimmer, ripple), which cost every frame while they show. */
const ANIMATED = [".route--connecting", ".status--connecting", ".status--offline", ".self__label:empty", ".progress--waiting", ".empty__radar"];

/** "B animated .route--connecting in 96% of polls": what kept B's compositor busy, if anything. */
function animatedNote(t: { animated: Record<string, number>; polls: number }): string {
  const seen = Object.entries(t.animated).filter(([, n]) => n > 0);
  return seen.length ? `B showed endless animations: ${seen.map(([sel, n]) => `${sel} in ${Math.round((100 * n) / t.polls)}% of polls`).join(", ")}` : "B showed no endless animation";
}

/** Click Accept on B and poll, inside the page, until Save shows: the file arrived and its SHA-256 matched. */
export function acceptAndWait(b: Page, timeoutMs: number, acceptId = "accept"): Promise<FerryTiming> {
  return b.evaluate(({ timeoutMs, acceptId, selectors }) => {
    const q = (selector: string) => document.querySelector(selector);
    return new Promise<FerryTiming>((resolve, reject) => {
      const accept = q(`[data-testid=incoming] [data-testid=${acceptId}]`) as HTMLButtonElement | null;
      if (!accept) return reject(new Error("no accept button on B"));
      const acceptedAt = Date.now();
      let onePercentAt: number | null = null;
      let ninetyNineAt: number | null = null;
      const animated: Record<string, number> = Object.fromEntries(selectors.map((sel) => [sel, 0]));
      let polls = 0;
      accept.click();
      // Polling costs a querySelector every 25 ms, far less than a MutationObserver over every progress update.
      const timer = setInterval(() => {
        const now = Date.now();
        polls++;
        for (const sel of selectors) if (q(sel)) animated[sel]!++;
        const failure = q("[data-testid=transfer-error]");
        if (failure) return finish(() => reject(new Error(`transfer failed on B: ${failure.textContent}`)));
        if (q("[data-testid=save]")) return finish(() => resolve({ acceptedAt, onePercentAt, ninetyNineAt, savedAt: now, animated, polls }));
        const pct = Number(q("[data-testid=progress]")?.getAttribute("aria-valuenow") ?? 0);
        if (onePercentAt === null && pct >= 1) onePercentAt = now;
        if (ninetyNineAt === null && pct >= 99) ninetyNineAt = now;
        if (now - acceptedAt > timeoutMs) finish(() => reject(new Error(`B showed no Save button within ${timeoutMs / 1000} s`)));
      }, 25);
      const finish = (settle: () => void) => {
        clearInterval(timer);
        settle();
      };
    });
  }, { timeoutMs, acceptId, selectors: ANIMATED });
}

export interface RunOptions {
  mib: number;
  timeoutMs: number;
  /** Emulate prefers-reduced-motion, which Ferry's stylesheet honours: shows what its animations cost. */
  reducedMotion: boolean;
  /** Where B receives: "page" (origin-private storage, saved from the page) or "chosen" (a folder it picks). */
  saveTo: "page" | "chosen";
}

export async function ferryRun(url: string, opts: RunOptions, kind: "ferry" | "compared" = "ferry"): Promise<RunResult> {
  const { mib, timeoutMs } = opts;
  return withDevices(url, async (a, b) => {
    const nameB = await selfName(b.page);
    await selfName(a.page);
    // The File System Access path: only the picker call is stubbed, returning a real folder handle (see the e2e).
    if (opts.saveTo === "chosen") await stubPickers(b.page);
    const prepStart = Date.now();
    await chooseFileInPage(a.page.getByTestId("peer").filter({ hasText: nameB }).getByTestId("send-files"), mib);
    await b.page.getByTestId("incoming").getByTestId("accept").waitFor({ timeout: 60_000 });
    const prepMs = Date.now() - prepStart;
    const { value: t, sender, receiver, wire } = await measured(a, b, () => acceptAndWait(b.page, timeoutMs, opts.saveTo === "chosen" ? "accept-to" : "accept"));
    const since = (at: number | null, from: number) => (at === null ? "not seen" : `${((at - from) / 1000).toFixed(2)} s`);
    const notes = [
      `file built + offer shown in ${(prepMs / 1000).toFixed(1)} s (not timed)`,
      `B at 1% after ${since(t.onePercentAt, t.acceptedAt)}; 99% → Save shown in ${since(t.savedAt, t.ninetyNineAt ?? t.savedAt)}`,
      animatedNote(t),
    ];
    return { kind, bytes: mib * MiB, ms: t.savedAt - t.acceptedAt, notes, sender, receiver, wire };
  }, opts.reducedMotion ? { reducedMotion: "reduce" } : {});
}

// ---- Baseline: a bare DataChannel --------------------------------------------------------------------

interface BenchWindow {
  bench: { pc: RTCPeerConnection; dc: RTCDataChannel; arrivals?: Promise<Arrivals> };
}

/** When the receiver had 1% and all of the bytes, as with Ferry's progress figures. */
interface Arrivals {
  onePercentAt: number;
  allAt: number;
}

/**
 * Create this page's end: an RTCPeerConnection with the same negotiated, ordered channel Ferry uses.
 * Given an offer it answers it. Resolves with the local description once ICE gathering is complete, so
 * one exchange through Playwright carries every candidate (host candidates on loopback: no STUN).
 */
function createEnd(page: Page, offer: RTCSessionDescriptionInit | null): Promise<RTCSessionDescriptionInit> {
  return page.evaluate(async (offer: RTCSessionDescriptionInit | null) => {
    const pc = new RTCPeerConnection();
    const dc = pc.createDataChannel("bench", { negotiated: true, id: 0, ordered: true });
    dc.binaryType = "arraybuffer";
    (window as unknown as BenchWindow).bench = { pc, dc };
    if (offer) await pc.setRemoteDescription(offer);
    await pc.setLocalDescription();
    if (pc.iceGatheringState !== "complete")
      await new Promise<void>((resolve) => pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve()));
    return pc.localDescription!.toJSON() as RTCSessionDescriptionInit;
  }, offer);
}

async function connect(a: Page, b: Page) {
  const offer = await createEnd(a, null);
  const answer = await createEnd(b, offer);
  await a.evaluate((answer) => (window as unknown as BenchWindow).bench.pc.setRemoteDescription(answer), answer);
  const opened = (page: Page) =>
    page.evaluate(() => {
      const { dc } = (window as unknown as BenchWindow).bench;
      return dc.readyState === "open" ? undefined : new Promise<void>((resolve) => dc.addEventListener("open", () => resolve(), { once: true }));
    });
  await Promise.all([opened(a), opened(b)]);
}

/** B counts bytes (no storage, no hashing) and notes the time the last one arrived. */
function armReceiver(b: Page, bytes: number) {
  return b.evaluate((bytes: number) => {
    const bench = (window as unknown as BenchWindow).bench;
    bench.arrivals = new Promise<Arrivals>((resolve) => {
      let got = 0;
      let onePercentAt = 0;
      bench.dc.onmessage = (ev) => {
        got += (ev.data as ArrayBuffer).byteLength;
        if (!onePercentAt && got >= bytes / 100) onePercentAt = Date.now();
        if (got >= bytes) resolve({ onePercentAt, allAt: Date.now() });
      };
    });
  }, bytes);
}

/** A sends `bytes` in Ferry's chunk size under Ferry's back-pressure marks; resolves with the start time. */
function sendFromA(a: Page, bytes: number): Promise<number> {
  return a.evaluate(
    async ({ bytes, chunk, high, low }) => {
      const { dc } = (window as unknown as BenchWindow).bench;
      dc.bufferedAmountLowThreshold = low;
      const source = new Uint8Array(4 << 20);
      for (let off = 0; off < source.length; off += 65536) crypto.getRandomValues(source.subarray(off, off + 65536));
      const drained = () => new Promise((resolve) => dc.addEventListener("bufferedamountlow", resolve, { once: true }));
      const startedAt = Date.now();
      for (let sent = 0; sent < bytes; ) {
        if (dc.bufferedAmount > high) await drained();
        const n = Math.min(chunk, bytes - sent);
        const off = sent % source.length;
        dc.send(source.subarray(off, off + n));
        sent += n;
      }
      return startedAt;
    },
    { bytes, chunk: MAX_MESSAGE_BYTES, high: HIGH_WATER, low: LOW_WATER },
  );
}

function arrivals(b: Page, timeoutMs: number): Promise<Arrivals> {
  return b.evaluate(
    (timeoutMs: number) =>
      Promise.race([
        (window as unknown as BenchWindow).bench.arrivals!,
        new Promise<Arrivals>((_, reject) => setTimeout(() => reject(new Error(`not all bytes arrived within ${timeoutMs / 1000} s`)), timeoutMs)),
      ]),
    timeoutMs,
  );
}

export async function baselineRun(url: string, opts: RunOptions): Promise<RunResult> {
  const { mib, timeoutMs } = opts;
  // A blank page of the same origin: the bare channel runs with no app alongside it.
  return withDevices(`${url}/healthz`, async (a, b) => {
    await connect(a.page, b.page);
    const bytes = mib * MiB;
    await armReceiver(b.page, bytes);
    const { value, sender, receiver, wire } = await measured(a, b, async () => {
      const arrived = arrivals(b.page, timeoutMs);
      const startedAt = await sendFromA(a.page, bytes);
      return { startedAt, ...(await arrived) };
    });
    const notes = [`B at 1% after ${((value.onePercentAt - value.startedAt) / 1000).toFixed(2)} s`];
    return { kind: "baseline", bytes, ms: value.allAt - value.startedAt, notes, sender, receiver, wire };
  });
}
