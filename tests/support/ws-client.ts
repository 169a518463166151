// A minimal signaling client for integration tests: collects server messages and waits for matching ones.
import type { Hello, ServerMessage } from "../../src/protocol";
import { TestDevice } from "./test-device";

export class TestClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.onmessage = (ev) => {
      this.messages.push(JSON.parse(String(ev.data)));
      this.wake();
    };
    ws.onclose = (ev) => {
      this.closed = { code: ev.code, reason: ev.reason };
      this.wake();
    };
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { headers } as never);
    const c = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error(`could not connect to ${url}`));
    });
    return c;
  }

  /** Connect as `device` (a fresh one by default) and answer the challenge; resolves at welcome. */
  static async device(url: string, headers: Record<string, string> = {}, device = new TestDevice(), hello: Partial<Omit<Hello, "type" | "publicKey" | "signature">> = {}) {
    const c = await TestClient.connect(url, headers);
    c.send(device.hello((await c.next("challenge")).challenge, hello));
    const welcome = await c.next("welcome");
    return Object.assign(c, { device, welcome });
  }

  send(msg: unknown) {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** The first message (from the start) matching `pred`, waiting up to `ms`. */
  async next<T extends ServerMessage["type"]>(type: T, pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true, ms = 5000) {
    const find = () => this.messages.find((m) => m.type === type && pred(m as Extract<ServerMessage, { type: T }>)) as Extract<ServerMessage, { type: T }> | undefined;
    const deadline = Date.now() + ms;
    for (;;) {
      const m = find();
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no ${type} within ${ms} ms; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async waitClosed(ms = 5000) {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await Bun.sleep(20);
    return this.closed;
  }

  close() {
    this.ws.close();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
