import { expect, test } from "bun:test";
import { MemoryKeyValue } from "./kv";
import { Pairings, type Pairing } from "./pairings";

const A = "AAAAAAAAAAAAAAAAAAAAAA";
const B = "BBBBBBBBBBBBBBBBBBBBBB";
const pairing = (id: string): Pairing => ({ id, publicKey: `key-${id}`, name: `Name ${id}`, device: "Chrome on Linux", since: 1 });

test("pairings are kept, reloaded, renamed and forgotten, with a tombstone only when this end decided", async () => {
  const kv = new MemoryKeyValue();
  const p = await new Pairings(kv).load();
  await p.add(pairing(A));
  await p.add(pairing(B));
  const again = await new Pairings(kv).load();
  expect(again.list().map((x) => x.id)).toEqual([A, B]);
  await again.rename(A, "Kitchen");
  expect((await new Pairings(kv).load()).get(A)?.name).toBe("Kitchen");

  await again.remove(A, true);
  await again.remove(B, false);
  const after = await new Pairings(kv).load();
  expect(after.list()).toEqual([]);
  expect(after.unpairedIds()).toEqual([A]);
  // Pairing again clears the tombstone.
  await after.add(pairing(A));
  expect(after.unpairedIds()).toEqual([]);
});

test("malformed stored records are skipped, not trusted", async () => {
  const kv = new MemoryKeyValue();
  await kv.put("pairings", { paired: [pairing(A), { id: "bad" }, null, { ...pairing(B), publicKey: 3 }], unpaired: [{ id: 5 }, { id: B, at: 1 }] });
  const p = await new Pairings(kv).load();
  expect(p.list().map((x) => x.id)).toEqual([A]);
  expect(p.unpairedIds()).toEqual([B]);
  await kv.put("pairings", "garbage");
  expect((await new Pairings(kv).load()).list()).toEqual([]);
});

test("saving without asking is off until chosen, kept across reloads, only for paired devices, and asked again after pairing anew", async () => {
  const kv = new MemoryKeyValue();
  const p = await new Pairings(kv).load();
  await p.add(pairing(A));
  expect(p.get(A)?.autoSave).toBeUndefined();
  await p.setAutoSave(A, true);
  await p.setAutoSave(B, true);
  const again = await new Pairings(kv).load();
  expect(again.get(A)?.autoSave).toBe(true);
  expect(again.get(B)).toBeUndefined();
  await again.remove(A, true);
  await again.add(pairing(A));
  expect(again.get(A)?.autoSave).toBeUndefined();
});
