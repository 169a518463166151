// The browser's signaling client against the real server: one socket per page, however the page's events fall.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SignalingClient } from "../client/engine/signaling-client";
import { startFerry, type FerryProcess } from "./support/ferry-process";

let ferry: FerryProcess;
beforeAll(async () => {
  ferry = await startFerry(["--no-turn"]);
});
afterAll(async () => {
  await ferry.stop();
});

const connections = async () => ((await (await fetch(`${ferry.url}/healthz`)).json()) as { connections: number }).connections;

test("a wake before start (the load's pageshow) opens nothing, and start opens one socket however often it is called", async () => {
  const client = new SignalingClient(`${ferry.url.replace("http", "ws")}/ws`);
  const challenges: string[] = [];
  client.on("message", (m) => m.type === "challenge" && challenges.push(m.challenge));
  client.wake();
  await Bun.sleep(300);
  expect(await connections()).toBe(0);
  client.start();
  client.start();
  client.wake();
  while (challenges.length === 0) await Bun.sleep(20);
  await Bun.sleep(300);
  expect(await connections()).toBe(1);
  expect(challenges).toHaveLength(1);
  client.stop();
});
