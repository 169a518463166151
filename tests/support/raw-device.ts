// A device speaking WebSocket by hand over TCP, for tests of clients that misbehave at the socket level: it
// proves its key (answers the challenge), then can stop answering pings or stop reading altogether.
import type { Socket } from "bun";
import { TestDevice } from "./test-device";

/** A client-to-server WebSocket text frame (RFC 6455 §5.2: clients mask), for payloads under 64 KiB. */
function maskedTextFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const head = payload.length < 126 ? [0x81, 0x80 | payload.length] : [0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  return new Uint8Array([...head, ...mask, ...payload.map((b, i) => b ^ mask[i % 4]!)]);
}

/**
 * Open /ws on `port` with extra request `headers`, answer the challenge as `device`, then go silent: no pongs,
 * and with `stopReading` no reads either. Resolves once the hello is sent.
 */
export async function rawDevice(port: number, headers: Record<string, string> = {}, opts: { device?: TestDevice; stopReading?: boolean } = {}) {
  const device = opts.device ?? new TestDevice();
  let received = new Uint8Array(0);
  let answered: () => void;
  const done = new Promise<void>((r) => (answered = r));
  let sent = false;
  const sock: Socket<undefined> = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(s, chunk) {
        if (sent) return;
        received = new Uint8Array([...received, ...chunk]);
        // The first frame after the 101 response is the challenge: an unmasked text frame under 126 bytes.
        const start = new TextDecoder().decode(received).indexOf("\r\n\r\n") + 4;
        if (start < 4 || received.length < start + 2 || received.length < start + 2 + received[start + 1]!) return;
        const { challenge } = JSON.parse(new TextDecoder().decode(received.subarray(start + 2, start + 2 + received[start + 1]!)));
        sent = true;
        s.write(maskedTextFrame(JSON.stringify(device.hello(challenge))));
        if (opts.stopReading) s.pause();
        answered();
      },
      open() {},
    },
  });
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`);
  await done;
  return { sock, device };
}
