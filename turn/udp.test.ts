import { afterEach, expect, test } from "bun:test";
import { createSocket as dgramSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { RELAY_SOCKET_BUFFER, effectiveBuffers } from "./socket-buffers";
import { createSocket, type BunDgramSocket, type RemoteInfo } from "./udp";

const cleanups: (() => unknown)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function bound(address = "127.0.0.1", port = 0): Promise<BunDgramSocket> {
  const s = createSocket(address.includes(":") ? "udp6" : "udp4");
  cleanups.push(() => s.close());
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.bind({ address, port, exclusive: true }, () => resolve());
  });
  return s;
}

function collect(s: BunDgramSocket) {
  const got: { data: string; rinfo: RemoteInfo }[] = [];
  s.on("message", (data: Buffer, rinfo: RemoteInfo) => got.push({ data: data.toString(), rinfo }));
  return got;
}

async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await Bun.sleep(5);
  }
}

test("binds, reports its address and exchanges datagrams like a dgram socket, in order", async () => {
  const [a, b] = [await bound(), await bound()];
  expect(a.address()).toMatchObject({ address: "127.0.0.1", family: "IPv4" });
  expect(a.address().port).toBeGreaterThan(0);
  const got = collect(b);
  a.send(Buffer.from("one"), b.address().port, "127.0.0.1");
  a.send(Buffer.from("xtwox"), 1, 3, b.address().port, "127.0.0.1");
  a.send([Buffer.from("thr"), Buffer.from("ee")], b.address().port, "127.0.0.1");
  const sent = await new Promise<[Error | null, number | undefined]>((r) => a.send("four", b.address().port, "127.0.0.1", (err, n) => r([err, n])));
  expect(sent).toEqual([null, 4]);
  for (let i = 0; i < 50; i++) a.send(Buffer.from(`n${i}`), b.address().port, "127.0.0.1");
  await until(() => got.length === 54);
  expect(got.slice(0, 4).map((g) => g.data)).toEqual(["one", "two", "three", "four"]);
  expect(got.slice(4).map((g) => g.data)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
  expect(got[0]!.rinfo).toEqual({ address: "127.0.0.1", family: "IPv4", port: a.address().port, size: 3 });
});

test("talks to node:dgram both ways, over IPv6 too", async () => {
  const a = await bound("::1");
  const d = dgramSocket("udp6");
  cleanups.push(() => d.close());
  await new Promise<void>((r) => d.bind(0, "::1", r));
  const fromDgram: string[] = [];
  d.on("message", (m) => fromDgram.push(m.toString()));
  const got = collect(a);
  d.send("hello", a.address().port, "::1");
  a.send(Buffer.from("back"), d.address().port, "::1");
  await until(() => got.length === 1 && fromDgram.length === 1);
  expect(got[0]!.rinfo).toMatchObject({ address: "::1", family: "IPv6", port: d.address().port });
  expect(fromDgram).toEqual(["back"]);
});

test("a port in use is an 'error' event with EADDRINUSE, not a throw", async () => {
  const a = await bound();
  const s = createSocket("udp4");
  cleanups.push(() => s.close());
  const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
    s.once("error", resolve);
    s.once("listening", () => resolve(new Error("bound twice")));
    s.bind({ address: "127.0.0.1", port: a.address().port, exclusive: true });
  });
  expect(err.code).toBe("EADDRINUSE");
});

test("sending on a closed socket or to a non-address calls back with an error instead of throwing", async () => {
  const a = await bound();
  const bad = await new Promise<Error | null>((r) => a.send("x", 9, "not an ip", (err) => r(err)));
  expect(bad).toBeInstanceOf(Error);
  const closed = await new Promise<void>((r) => a.close(r));
  expect(closed).toBeUndefined();
  const after = await new Promise<Error | null>((r) => a.send("x", 9, "127.0.0.1", (err) => r(err)));
  expect(after).toBeInstanceOf(Error);
  expect(a.send("x", 9, "127.0.0.1")).toBe(false);
  expect(() => a.address()).toThrow();
});

test("close() before the bind completes leaves no socket behind", async () => {
  const s = createSocket("udp4");
  s.bind({ address: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => s.close(r));
  await Bun.sleep(20);
  expect(() => s.address()).toThrow();
});

test("holds a burst the event loop cannot read yet: the receive buffer is enlarged beyond Linux's default", async () => {
  const [a, b] = [await bound(), await bound()];
  const granted = effectiveBuffers(b.fd)!;
  const max = Number(readFileSync("/proc/sys/net/core/rmem_max", "utf8"));
  // Linux reports twice what was set (its bookkeeping), capped at rmem_max.
  expect(granted.receive).toBe(2 * Math.min(RELAY_SOCKET_BUFFER, max));
  expect(granted.receive).toBeGreaterThan(2 * 212_992);
  const got = collect(b);
  // 2,000 datagrams of 500 bytes sent in one synchronous burst: nothing reads them until it ends. The
  // default 208 KiB buffer keeps a few hundred of them.
  const payload = Buffer.alloc(500, 7);
  for (let i = 0; i < 2000; i++) a.send(payload, b.address().port, "127.0.0.1");
  await until(() => got.length === 2000, 5000);
});
