// Times how long fresh devices wait for their welcome, from a process of its own so that a test's other
// clients (a flood) do not share its event loop. Usage: bun welcome-probe.ts WS_URL COUNT EVERY_MS
// Prints one JSON line: the milliseconds from opening the socket to the welcome, per device.
import { TestClient } from "./ws-client";
import { TestDevice } from "./test-device";

const [url, count, every] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
// Keys made and the signer warmed before any timing: noble builds its tables on first use.
const devices = Array.from({ length: count }, () => new TestDevice());
devices[0]!.sign(new Uint8Array(32));
console.log("ready");
const times: number[] = [];
for (const device of devices) {
  const start = Date.now();
  const c = await TestClient.device(url, {}, device);
  times.push(Date.now() - start);
  c.close();
  await Bun.sleep(every);
}
console.log(JSON.stringify(times));
