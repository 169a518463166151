// Where can a plain-HTTP page (not a secure context: no OPFS, no service worker) keep a large received file
// with the least memory? Each strategy stores N MiB the way a receiver would (16 MiB pieces as they arrive),
// makes the finished file one Blob with an object URL ready for <a download>, and is measured on its own fresh
// Chromium with an on-disk profile, as people have; the page is opened as http://ferry.test (mapped to
// loopback), which is not a secure context.
//
//   bun bench/plain-http-storage.ts [--mib 1024]
//
//   blob  pieces kept as in-memory Blobs, joined at the end (what BlobSink does)
//   idb   each piece written to IndexedDB as a Blob and dropped; at the end the stored Blobs, which Chromium
//         keeps as files in the profile, are read back and joined, so the file's bytes live on disk
import { launchDevice, closeDevices, startFerryServer } from "./support/harness";
import { watchTree } from "./support/proc-stats";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const mibArg = process.argv.indexOf("--mib");
const MIB = mibArg > 0 ? Number(process.argv[mibArg + 1]) : 1024;
if (!Number.isInteger(MIB) || MIB <= 0) throw new Error("usage: bun bench/plain-http-storage.ts [--mib N]");

type Strategy = "blob" | "idb";

async function measure(url: string, strategy: Strategy) {
  const device = await launchDevice(url, {}, ["--host-resolver-rules=MAP ferry.test 127.0.0.1"]);
  try {
    const secure = await device.page.evaluate(() => isSecureContext);
    if (secure) throw new Error("the page is a secure context: the measurement would not be of plain HTTP");
    const watch = watchTree(device.pid, 250);
    const t0 = Date.now();
    const size = await device.page.evaluate(
      async ({ mib, strategy }) => {
        const piece = 16;
        const block = new Uint8Array(1 << 20);
        for (let off = 0; off < block.length; off += 65536) crypto.getRandomValues(block.subarray(off, off + 65536));
        // A piece as the receiver gets it: 64 chunks of 256 KiB, fresh buffers each.
        const nextPiece = () => new Blob(Array.from({ length: piece * 4 }, () => block.slice(0, 256 * 1024)));
        let blob: Blob;
        if (strategy === "blob") {
          const parts: Blob[] = [];
          for (let i = 0; i < mib / piece; i++) parts.push(nextPiece());
          blob = new Blob(parts);
        } else {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open("ferry-bench", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("pieces");
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const done = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => ((tx.oncomplete = () => resolve()), (tx.onerror = () => reject(tx.error))));
          for (let i = 0; i < mib / piece; i++) {
            const tx = db.transaction("pieces", "readwrite");
            tx.objectStore("pieces").put(nextPiece(), i);
            await done(tx);
          }
          const tx = db.transaction("pieces");
          const req = tx.objectStore("pieces").getAll();
          await done(tx);
          blob = new Blob(req.result as Blob[]);
        }
        (window as unknown as { keep: string }).keep = URL.createObjectURL(blob);
        return blob.size;
      },
      { mib: MIB, strategy },
    );
    const ms = Date.now() - t0;
    await device.page.waitForTimeout(2000);
    const usage = watch.stop();
    if (size !== MIB * 2 ** 20) throw new Error(`${strategy}: the blob has ${size} bytes`);
    const grew = [...usage.pssGrowth].sort((a, b) => b[1] - a[1]).map(([k, b]) => `${k} +${(b / 2 ** 20).toFixed(0)} MiB`);
    console.log(`${strategy.padEnd(5)} ${MIB} MiB stored in ${(ms / 1000).toFixed(1)} s; peak growth: ${grew.join(", ")}; whole tree +${((usage.peakPssBytes - usage.startPssBytes) / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await closeDevices([device]);
  }
}

const server = await startFerryServer(ROOT);
try {
  const url = server.url.replace("127.0.0.1", "ferry.test") + "/healthz";
  for (const strategy of ["blob", "idb", "blob", "idb"] as Strategy[]) await measure(url, strategy);
} finally {
  await server.stop();
}
