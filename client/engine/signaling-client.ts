// The browser end of signaling: one WebSocket to /ws, reconnecting with backoff after drops and server restarts,
// but not after the server closed it because this device connected again in another tab (that tab has it now).
import { CloseCode, parseServerMessage, type ClientMessage, type ServerMessage } from "../../src/protocol";
import type { SignalingStatus } from "./types";
import { Emitter } from "./emitter";

export interface SignalingEvents {
  status: SignalingStatus;
  /** The socket closed; `restart`: the server said it is restarting (CloseCode.serverRestart). */
  dropped: { restart: boolean };
  message: ServerMessage;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

export class SignalingClient extends Emitter<SignalingEvents> {
  private ws: WebSocket | null = null;
  private attempt = 0;
  /** Until start(): the page's load fires pageshow (a wake) before the device key is read and the engine starts. */
  private stopped = true;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private url: string) {
    super();
  }

  start() {
    this.stopped = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.ws) this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.close(1000, "bye");
  }

  /** The page is back (visible again, or online): reconnect now instead of when the backoff timer fires. A replaced page stays put. */
  wake() {
    if (this.stopped || this.ws) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.attempt = 0;
    this.connect();
  }

  send(msg: ClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  private connect() {
    this.emit("status", "connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (ev) => {
      const msg = typeof ev.data === "string" ? parseServerMessage(ev.data) : null;
      if (!msg) return console.warn("ferry: ignored an unreadable signaling message");
      // Online means the server took this device's proof, not just that the socket opened.
      if (msg.type === "welcome") {
        this.attempt = 0;
        this.emit("status", "online");
      }
      this.emit("message", msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (ev.code === CloseCode.replaced) {
        this.stopped = true;
        return this.emit("status", "replaced");
      }
      this.emit("dropped", { restart: ev.code === CloseCode.serverRestart });
      this.emit("status", "offline");
      if (this.stopped) return;
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
      this.retryTimer = setTimeout(() => this.connect(), delay * (0.75 + Math.random() / 2));
    };
  }
}
