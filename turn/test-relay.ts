// What the relay's tests share: a relay on loopback (UDP, TCP and TLS, fresh ports each time),
// clients over any transport, a plain UDP peer, and cleanup after each test.
import { createSocket, type Socket } from "node:dgram";
import { createSelfSignedCertificate, type GeneratedCertificate } from "../src/x509";
import { issueTurnCredentials } from "./credentials";
import { startRelay, type Relay, type RelayOptions } from "./server";
import { TurnTestClient, type ClientTransport } from "./test-client";

export const SECRET = "s3cret";
export const TRANSPORTS: ClientTransport[] = ["udp", "tcp", "tls"];

const cleanups: (() => Promise<unknown> | void)[] = [];
/** Undo what the last test opened; for afterEach. */
export async function cleanUp() {
  for (const c of cleanups.splice(0).reverse()) await c();
}
export const onCleanUp = (f: () => Promise<unknown> | void) => void cleanups.push(f);

let certificate: Promise<GeneratedCertificate> | null = null;
/** One self-signed certificate for 127.0.0.1, made on first use. */
export function testCertificate(): Promise<GeneratedCertificate> {
  const now = Date.now();
  certificate ??= createSelfSignedCertificate({ commonName: "relay test", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) });
  return certificate;
}

let nextPorts = 52000;
export async function relay(over: Partial<RelayOptions> = {}): Promise<Relay & { tlsPort: number }> {
  const min = (nextPorts += 40);
  const { certPem, keyPem } = await testCertificate();
  const r = await startRelay({
    listenHost: "127.0.0.1", port: 0, relayPortMin: min, relayPortMax: min + 30, externalIp: null, realm: "ferry", secret: SECRET,
    allocationLifetime: 600, maxAllocationsPerClient: 10, maxAllocationsPerCredential: 10, allowLoopbackPeers: true, allowPrivatePeers: false,
    tls: { port: 0, cert: certPem, key: keyPem }, log: () => {}, ...over,
  });
  cleanups.push(() => r.close());
  return r as Relay & { tlsPort: number };
}

export interface ClientOptions {
  peerId?: string;
  from?: string;
  transport?: ClientTransport;
}

export async function client(r: Relay, ttl = 600, secret = SECRET, where: ClientOptions = {}) {
  const { username, credential } = issueTurnCredentials(secret, where.peerId ?? "peer-1", ttl);
  const port = where.transport === "tls" ? r.tlsPort! : r.port;
  const c = await TurnTestClient.open(port, username, credential, { from: where.from, transport: where.transport });
  cleanups.push(() => c.close());
  return c;
}

/** A plain UDP peer on loopback that records what reaches it. */
export async function peer() {
  const socket: Socket = createSocket("udp4");
  const got: { data: Buffer; from: number }[] = [];
  socket.on("message", (data, rinfo) => got.push({ data, from: rinfo.port }));
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", r));
  cleanups.push(() => new Promise<void>((r) => socket.close(() => r())));
  return { socket, got, port: socket.address().port };
}

export async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await Bun.sleep(10);
  }
}

/** Whether nothing holds this UDP port any more. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    s.once("error", () => resolve(false));
    s.bind(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}
