// Several Ferry processes, each with its embedded relay and one shared TURN secret: a device may be told
// about any of the relays, and two devices on different processes relay to each other through both.
import { afterEach, describe, expect, test } from "bun:test";
import { errorCode } from "./test-client";
import { cleanUp, client, relay, until } from "./test-relay";

afterEach(cleanUp);

describe("embedded relays of several processes with one secret", () => {
  test("one credential allocates on every relay", async () => {
    const [a, b] = [await relay(), await relay()];
    for (const r of [a, b]) for (const transport of ["udp", "tcp"] as const) {
      const c = await client(r, 600, undefined, { peerId: "device-x", transport });
      expect(errorCode((await c.allocate()).res)).toBeNull();
    }
  });

  test("a device on relay A and one on relay B reach each other through both", async () => {
    // Processes on one host share the relay port range (the default): a relay sends to its own addresses
    // only within its range, which is how it reaches the other relay's ports without the development flag.
    const shared = { relayPortMin: 58400, relayPortMax: 58440, allowLoopbackPeers: false };
    const [ra, rb] = [await relay(shared), await relay(shared)];
    const x = await client(ra, 600, undefined, { peerId: "x" });
    const y = await client(rb, 600, undefined, { peerId: "y", transport: "tcp" });
    const ax = (await x.allocate()).relayed!;
    const by = (await y.allocate()).relayed!;
    expect(errorCode(await x.channelBind(0x4000, by.ip, by.port))).toBeNull();
    expect(errorCode(await y.channelBind(0x4001, ax.ip, ax.port))).toBeNull();
    x.sendChannelData(0x4000, Buffer.from("from A to B"));
    y.sendChannelData(0x4001, Buffer.from("from B to A"));
    await until(() => x.received.length === 1 && y.received.length === 1);
    expect(y.received[0]).toMatchObject({ channel: 0x4001, data: Buffer.from("from A to B") });
    expect(x.received[0]).toMatchObject({ channel: 0x4000, data: Buffer.from("from B to A") });
  });
});
