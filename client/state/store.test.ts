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
    wake: () => calls.push("wake"),
    sendFiles: (peerIds, selection) => (calls.push(`sendFiles ${peerIds.join(",")} ${selection.files.length}`), ["t"]),
    sendText: (peerId, text) => void calls.push(`sendText ${peerId} ${text}`),
    accept: (id) => void calls.push(`accept ${id}`),
    decline: (id) => void calls.push(`decline ${id}`),
    cancel: (id) => void calls.push(`cancel ${id}`),
    repick: (id, files) => void calls.push(`repick ${id} ${files.length}`),
    retry: (id) => void calls.push(`retry ${id}`),
    rename: (name) => void calls.push(`rename ${name}`),
    dismiss: (id) => void calls.push(`dismiss ${id}`),
    useHere: () => void calls.push("useHere"),
    openPairing: () => void calls.push("openPairing"),
    joinPairing: (code) => void calls.push(`joinPairing ${code}`),
    confirmPairing: () => void calls.push("confirmPairing"),
    closePairing: () => void calls.push("closePairing"),
    unpair: (id) => void calls.push(`unpair ${id}`),
    setAutoSave: async (id, on) => void calls.push(`setAutoSave ${id} ${on}`),
    createRoom: () => void calls.push("createRoom"),
    joinRoom: (code) => void calls.push(`joinRoom ${code}`),
    leaveRoom: () => void calls.push("leaveRoom"),
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
  dirs: [],
  renamed: 0,
  autoSave: false,
  savedTo: null,
  repick: null,
  retryable: false,
  totalBytes: 10,
  bytesDone: 0,
  state: "offered",
  reason: null,
  bytesPerSecond: 0,
  secondsLeft: null,
  received: [],
  expiresAt: null,
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
    emit("peers", [{ id: "p1", name: "Amber Otter", device: "Chrome on Linux", route: "idle", paired: false, autoSave: false, verifyCode: null, refused: null }]);
    emit("peers", [{ id: "p2", name: "Solar Owl", device: "Safari on iPhone", route: "direct", paired: true, autoSave: false, verifyCode: "123456", refused: null }]);
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
    emit("notice", { code: "no-path", peerId: "p1", peerName: "Amber Otter" });
    emit("notice", { code: "text-too-long", peerId: "p2", max: 10 });
    store.dismissNotice(store.state.notices[0]!.id);
    expect(store.state.notices.map((n) => n.notice.code)).toEqual(["text-too-long"]);
  });

  test("does not send empty texts, empty file lists or blank names", () => {
    const { engine, calls } = fakeEngine();
    const store = createFerryStore(engine);
    store.sendText("p1", "   ");
    store.sendFiles(["p1"], { files: [], dirs: [] });
    store.sendFiles([], { files: [{ file: new File(["x"], "x"), path: "x" }], dirs: [] });
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
    emit("transfer", transfer({ id: "over", state: "failed", reason: { code: "peer-left" } }));
    emit("text", { id: "m1", peerId: "p1", peerName: "Amber Otter", direction: "send", text: "hi", at: 1 });
    store.clearFinished();
    expect(store.state.transfers.map((t) => t.id)).toEqual(["running"]);
    expect(store.state.texts).toHaveLength(0);
    expect(calls).toEqual(["dismiss over"]);
  });
});

describe("this device", () => {
  test("identity, pairing dialog, paired devices and room follow the engine; actions go to it", () => {
    const { engine, emit, calls } = fakeEngine();
    const store = createFerryStore(engine);
    emit("identity", { id: "AAAAAAAAAAAAAAAAAAAAAA", lasting: false, keyKind: "noble" });
    emit("pairing", { stage: "code", code: "123456", expiresAt: 1, error: null });
    emit("paired", [{ id: "p1", name: "Phone", device: "Chrome on Android" }]);
    emit("room", "ABCDEFGH");
    expect(store.state.identity?.lasting).toBe(false);
    expect(store.state.pairing).toMatchObject({ stage: "code", code: "123456" });
    expect(store.state.paired.map((p) => p.name)).toEqual(["Phone"]);
    expect(store.state.room).toBe("ABCDEFGH");
    emit("pairing", null);
    expect(store.state.pairing).toBeNull();
    store.joinPairing("123456");
    store.unpair("p1");
    store.useHere();
    expect(calls).toEqual(["joinPairing 123456", "unpair p1", "useHere"]);
  });
});
