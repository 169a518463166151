// The embedded relay of a running Ferry against a greedy device: one TURN credential, handed out by
// signaling as browsers get it, used from five source addresses (127.0.0.2–6: Linux answers for all
// of 127/8 on lo) must not take every relay port and starve the next device.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFerry, type FerryProcess } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { TurnTestClient, errorCode } from "../turn/test-client";

let ferry: FerryProcess;
let turnPort: number;
const turnClients: TurnTestClient[] = [];
const signaling: TestClient[] = [];
// A random block of 41 ports (the size the old default range had), away from other tests' blocks.
const minPort = 40000 + Math.floor(Math.random() * 200) * 41;

beforeAll(async () => {
  ferry = await startFerry(["--host", "127.0.0.1", "--turn-port", "0", "--turn-min-port", String(minPort), "--turn-max-port", String(minPort + 40)]);
  turnPort = Number(ferry.output().match(/TURN relay on UDP port (\d+)/)![1]);
});

afterAll(async () => {
  await Promise.all(turnClients.map((c) => c.close()));
  for (const s of signaling) s.close();
  await ferry.stop();
});

/** A device as the page is one: it connects to signaling and takes the TURN credential from its welcome. */
async function device() {
  const s = await TestClient.device(ferry.url.replace("http", "ws") + "/ws");
  signaling.push(s);
  const turn = s.welcome.iceServers.find((i) => i.urls.some((u) => u.startsWith("turn:")))!;
  return { username: turn.username!, credential: turn.credential! };
}

async function allocateFrom(from: string, cred: { username: string; credential: string }) {
  const c = await TurnTestClient.open(turnPort, cred.username, cred.credential, { from });
  turnClients.push(c);
  return errorCode((await c.allocate()).res);
}

describe("relay quotas on a running server", () => {
  test("one credential from 5 source addresses gets its quota; the next device still gets an allocation", async () => {
    const greedy = await device();
    const codes: (number | null)[] = [];
    for (const from of ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"])
      for (let i = 0; i < 10; i++) codes.push(await allocateFrom(from, greedy));
    const granted = codes.filter((c) => c === null).length;
    console.log(`greedy credential: ${granted} of ${codes.length} allocations granted, the rest ${[...new Set(codes.filter((c) => c !== null))].join("/")}`);
    expect(granted).toBe(10); // --turn-max-allocations-per-credential's default
    expect(codes.filter((c) => c !== null).every((c) => c === 486)).toBe(true);

    expect(await allocateFrom("127.0.0.7", await device())).toBeNull();
  });
});
