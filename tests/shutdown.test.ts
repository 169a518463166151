// SIGTERM: connected clients are told the server is restarting (1012), the process is gone within seconds,
// and a new server can take the same port at once, so clients that reconnect find it.
import { describe, expect, test } from "bun:test";
import { startFerry } from "./support/ferry-process";
import { TestClient } from "./support/ws-client";
import { CloseCode } from "../src/protocol";

describe("shutdown", () => {
  test("SIGTERM closes signaling with 1012 and a reason, and the process exits within 5 s", async () => {
    const ferry = await startFerry(["--no-turn"]);
    const client = await TestClient.device(ferry.url.replace("http", "ws") + "/ws");

    const sent = Date.now();
    const code = await ferry.stop("SIGTERM");
    const took = Date.now() - sent;
    const closed = await client.waitClosed();

    expect(took).toBeLessThan(5000);
    expect(code).toBe(0);
    expect(closed).toEqual({ code: CloseCode.serverRestart, reason: "server restarting" });
    expect(CloseCode.serverRestart).toBe(1012);
  });

  test("a new server starts on the same port right away and a reconnecting client is welcomed", async () => {
    const first = await startFerry(["--no-turn"]);
    const wsUrl = first.url.replace("http", "ws") + "/ws";
    const before = await TestClient.device(wsUrl);
    await first.stop("SIGTERM");
    expect((await before.waitClosed())?.code).toBe(1012);

    const second = await startFerry(["--no-turn", "--port", String(first.port)]);
    try {
      expect(second.port).toBe(first.port);
      const after = await TestClient.device(wsUrl, {}, before.device);
      expect(after.welcome.self.id).toBe(before.device.id);
      after.close();
    } finally {
      await second.stop();
    }
  });

  test("SIGTERM with the relay running also exits within 5 s", async () => {
    const ferry = await startFerry(["--turn-port", "0"]);
    const sent = Date.now();
    expect(await ferry.stop("SIGTERM")).toBe(0);
    expect(Date.now() - sent).toBeLessThan(5000);
  });
});
