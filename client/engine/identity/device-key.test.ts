import { describe, expect, test } from "bun:test";
import { loadDeviceKey } from "./device-key";
import { MemoryKeyValue, type KeyValue } from "./kv";
import { deviceIdFor } from "../../../src/identity/device-id";
import { verifyEd25519 } from "../../../src/identity/ed25519";

const msg = new TextEncoder().encode("hello");

/** A KeyValue that outlives the "page", as IndexedDB does across reloads. */
const lasting = () => new MemoryKeyValue(true);

describe("device key", () => {
  for (const canWebCrypto of [true, false]) {
    const kind = canWebCrypto ? "webcrypto" : "noble";
    test(`${kind}: made once, the same after a reload, id derived from the public key, signatures verify`, async () => {
      const kv = lasting();
      const first = await loadDeviceKey(kv, canWebCrypto);
      const again = await loadDeviceKey(kv, canWebCrypto);
      expect(first.kind).toBe(kind);
      expect(again.id).toBe(first.id);
      expect(first.id).toBe(deviceIdFor(first.publicKey));
      expect(first.lasting).toBe(true);
      expect(await verifyEd25519(again.publicKey, await again.sign(msg), msg)).toBe(true);
      expect(await verifyEd25519(again.publicKey, await again.sign(msg), new TextEncoder().encode("hellO"))).toBe(false);
    });
  }

  test("the WebCrypto private key is stored as a non-extractable CryptoKey", async () => {
    const kv = new MemoryKeyValue();
    await loadDeviceKey(kv, true);
    const stored = (await kv.get("device-key")) as { privateKey: CryptoKey };
    expect(stored.privateKey).toBeInstanceOf(CryptoKey);
    expect(stored.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("pkcs8", stored.privateKey)).rejects.toThrow();
  });

  test("two tabs making the first key at once end up with one identity", async () => {
    const kv = lasting();
    const [a, b] = await Promise.all([loadDeviceKey(kv, true), loadDeviceKey(kv, true)]);
    expect(a.id).toBe(b.id);
  });

  test("without lasting storage the identity is for one visit, and says so", async () => {
    const a = await loadDeviceKey(new MemoryKeyValue(), true);
    const b = await loadDeviceKey(new MemoryKeyValue(), true);
    expect(a.lasting).toBe(false);
    expect(a.id).not.toBe(b.id);
  });

  test("a stored record that is not a usable key is replaced instead of failing", async () => {
    const kv: KeyValue = lasting();
    await kv.put("device-key", { kind: "noble", secretKey: "oops", publicKey: new Uint8Array(3) });
    const k = await loadDeviceKey(kv, false);
    expect(k.kind).toBe("noble");
    expect((await loadDeviceKey(kv, false)).id).toBe(k.id);
  });
});
