// The browser end of signaling: one WebSocket to /ws, reconnecting with backoff after drops and server restarts.
import { parseServerMessage, type ClientMessage, type ServerMessage } from "../../src/protocol";
import type { SignalingStatus } from "./types";
import { Emitter } from "./emitter";

export interface SignalingEvents {
  status: SignalingStatus;
  message: ServerMessage;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

export class SignalingClient extends Emitter<SignalingEvents> {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private url: string) {
    super();
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.close(1000, "bye");
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
    ws.onopen = () => {
      this.attempt = 0;
      this.emit("status", "online");
    };
    ws.onmessage = (ev) => {
      const msg = typeof ev.data === "string" ? parseServerMessage(ev.data) : null;
      if (msg) this.emit("message", msg);
      else console.warn("ferry: ignored an unreadable signaling message");
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.emit("status", "offline");
      if (this.stopped) return;
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
      this.retryTimer = setTimeout(() => this.connect(), delay * (0.75 + Math.random() / 2));
    };
  }
}
