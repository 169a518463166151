import { describe, expect, test } from "bun:test";
import type { Engine, EngineEvents, TransferView } from "../engine/types";
import { createFerryStore } from "./store";

function fakeEngine() {
  const listeners = new Map<string, ((value: never) => void)[]>();
  const calls: string[] = [];
  const engine: Engine = {
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (value: never) => void]);
      return () => {};
    },
    start: () => calls.push("start"),
    stop: () => calls.push("stop"),
    sendFiles: (peerId, files) => (calls.push(`sendFiles ${peerId} ${files.length}`), "t"),
    sendText: (peerId, text) => void calls.push(`sendText ${peerId} ${text}`),
    accept: (id) => void calls.push(`accept ${id}`),
    decline: (id) => void calls.push(`decline ${id}`),
    cancel: (id) => void calls.push(`cancel ${id}`),
    rename: (name) => void calls.push(`rename ${name}`),
    dismiss: (id) => void calls.push(`dismiss ${id}`),
  };
  const emit = <K extends keyof EngineEvents>(event: K, value: EngineEvents[K]) =>
    listeners.get(event)?.forEach((l) => l(value as never));
  return { engine, emit, calls };
}

const transfer = (patch: Partial<TransferView>): TransferView => ({
  id: "t1",
  peerId: "p1",
  peerName: "Amber Otter",
  direction: "send",
  files: [{ name: "a.txt", size: 10, type: "text/plain" }],
  totalBytes: 10,
  bytesDone: 0,
  state: "offered",
  reason: null,
  bytesPerSecond: 0,
  secondsLeft: null,
  received: [],
  createdAt: 1,
  startedAt: null,
  finishedAt: null,
  ...patch,
});

describe("the store", () => {
  test("keeps one row per transfer id and replaces it with each snapshot", () => {
    const { engine, emit } = fakeEngine();
    const { state } = createFerryStore(engine);
    emit("transfer", transfer({}));
    emit("transfer", transfer({ state: "active", bytesDone: 5 }));
    emit("transfer", transfer({ id: "t2" }));
    expect(state.transfers.map((t) => [t.id, t.state, t.bytesDone])).toEqual([
      ["t1", "active", 5],
      ["t2", "offered", 0],
    ]);
  });

  test("takes the peer list whole", () => {
    const { engine, emit } = fakeEngine();
    const { state } = createFerryStore(engine);
    emit("peers", [{ id: "p1", name: "Amber Otter", device: "Chrome on Linux", route: "idle" }]);
    emit("peers", [{ id: "p2", name: "Solar Owl", device: "Safari on iPhone", route: "direct" }]);
    expect(state.peers.map((p) => p.name)).toEqual(["Solar Owl"]);
  });

  test("dismissing a transfer tells the engine and drops the row", () => {
    const { engine, emit, calls } = fakeEngine();
    const store = createFerryStore(engine);
    emit("transfer", transfer({ state: "done" }));
    store.dismissTransfer("t1");
    expect(calls).toContain("dismiss t1");
    expect(store.state.transfers).toHaveLength(0);
  });

  test("notices get ids and can be dismissed one by one", () => {
    const { engine, emit } = fakeEngine();
    const store = createFerryStore(engine);
    emit("notice", { peerId: null, message: "one" });
    emit("notice", { peerId: "p1", message: "two" });
    store.dismissNotice(store.state.notices[0]!.id);
    expect(store.state.notices.map((n) => n.message)).toEqual(["two"]);
  });

  test("does not send empty texts, empty file lists or blank names", () => {
    const { engine, calls } = fakeEngine();
    const store = createFerryStore(engine);
    store.sendText("p1", "   ");
    store.sendFiles("p1", []);
    store.rename("  ");
    expect(calls).toEqual([]);
  });

  test("a text arriving twice is shown once", () => {
    const { engine, emit } = fakeEngine();
    const { state } = createFerryStore(engine);
    const text = { id: "m1", peerId: "p1", peerName: "Amber Otter", direction: "receive" as const, text: "hi", at: 1 };
    emit("text", text);
    emit("text", text);
    expect(state.texts).toHaveLength(1);
  });

  test("clearing finished keeps running transfers and dismisses the rest", () => {
    const { engine, emit, calls } = fakeEngine();
    const store = createFerryStore(engine);
    emit("transfer", transfer({ id: "running", state: "active" }));
    emit("transfer", transfer({ id: "over", state: "failed", reason: "Solar Owl left" }));
    emit("text", { id: "m1", peerId: "p1", peerName: "Amber Otter", direction: "send", text: "hi", at: 1 });
    store.clearFinished();
    expect(store.state.transfers.map((t) => t.id)).toEqual(["running"]);
    expect(store.state.texts).toHaveLength(0);
    expect(calls).toEqual(["dismiss over"]);
  });
});
