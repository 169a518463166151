// Preloaded into each server that bench/signaling.ts measures (`bun --preload`), never into Ferry as users
// run it. On SIGUSR2 the server collects its own garbage and prints its live memory: a GC in the bench's
// process frees nothing in a server's, and VmRSS also counts the binary's shared file pages.
import { heapStats } from "bun:jsc";
import { rssAnonBytes } from "./server-proc";

/** The allocators hand freed pages back to the system in the background, within about this long. */
const SCAVENGE_MS = 1000;

let probes = 0;
process.on("SIGUSR2", async () => {
  Bun.gc(true);
  Bun.shrink();
  await Bun.sleep(SCAVENGE_MS);
  console.log(`probe ${++probes} rssAnon=${rssAnonBytes("self")} heap=${heapStats().heapSize}`);
});
