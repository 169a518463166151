import { describe, expect, test } from "bun:test";
import { Rooms } from "./rooms";

const info = (id: string) => ({ id, name: `Name ${id}`, device: "Chrome on Linux" });

describe("rooms", () => {
  test("joining returns the others already in the room, and only those", () => {
    const rooms = new Rooms<string>();
    expect(rooms.join("home", info("a"), "ca")).toEqual([]);
    expect(rooms.join("home", info("b"), "cb").map((m) => m.info.id)).toEqual(["a"]);
    expect(rooms.join("office", info("c"), "cc")).toEqual([]);
    expect(rooms.othersOf("a").map((m) => m.info.id)).toEqual(["b"]);
  });

  test("a peer is reachable only from its own room, never from itself", () => {
    const rooms = new Rooms<string>();
    rooms.join("home", info("a"), "ca");
    rooms.join("home", info("b"), "cb");
    rooms.join("office", info("c"), "cc");
    expect(rooms.reachable("a", "b")?.conn).toBe("cb");
    expect(rooms.reachable("a", "c")).toBeUndefined();
    expect(rooms.reachable("c", "a")).toBeUndefined();
    expect(rooms.reachable("a", "a")).toBeUndefined();
    expect(rooms.reachable("a", "nobody")).toBeUndefined();
  });

  test("leaving tells who remains and empties the room", () => {
    const rooms = new Rooms<string>();
    rooms.join("home", info("a"), "ca");
    rooms.join("home", info("b"), "cb");
    expect(rooms.leave("a").map((m) => m.info.id)).toEqual(["b"]);
    expect(rooms.leave("a")).toEqual([]);
    expect(rooms.leave("b")).toEqual([]);
    expect(rooms.size).toBe(0);
    expect(rooms.reachable("b", "a")).toBeUndefined();
  });

  test("renaming changes the member's info", () => {
    const rooms = new Rooms<string>();
    rooms.join("home", info("a"), "ca");
    expect(rooms.rename("a", "Kitchen")?.name).toBe("Kitchen");
    expect(rooms.get("a")?.info.name).toBe("Kitchen");
    expect(rooms.rename("zz", "x")).toBeUndefined();
  });
});
