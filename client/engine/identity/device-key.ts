// This browser profile's device key: made once, kept, used to sign (design.md, "Device identity").
//
// Where WebCrypto does Ed25519 (secure contexts: HTTPS, localhost), the private key is a non-extractable
// CryptoKey: page script can use it but never read it. Plain-http LAN pages are not secure contexts and have no
// crypto.subtle at all; there @noble/curves signs, and the private key's 32 bytes are kept in IndexedDB, where
// any script of this origin could read them. Ferry's origin runs only Ferry's own code (CSP: script-src 'self').
import { ed25519 } from "@noble/curves/ed25519.js";
import { deviceIdFor, PUBLIC_KEY_BYTES } from "../../../src/identity/device-id";
import type { KeyValue } from "./kv";

export type KeyKind = "webcrypto" | "noble";

export interface DeviceKey {
  readonly id: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  readonly kind: KeyKind;
  /** false: storage is off, so this identity (and any pairing) ends with this visit. */
  readonly lasting: boolean;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

type StoredKey =
  | { kind: "webcrypto"; privateKey: CryptoKey; publicKey: Uint8Array }
  | { kind: "noble"; secretKey: Uint8Array; publicKey: Uint8Array };

const RECORD = "device-key";

function isStoredKey(v: unknown, canWebCrypto: boolean): v is StoredKey {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  if (!(r.publicKey instanceof Uint8Array) || r.publicKey.length !== PUBLIC_KEY_BYTES) return false;
  if (r.kind === "webcrypto") return canWebCrypto && typeof CryptoKey !== "undefined" && r.privateKey instanceof CryptoKey;
  return r.kind === "noble" && r.secretKey instanceof Uint8Array && r.secretKey.length === 32;
}

async function generate(canWebCrypto: boolean): Promise<StoredKey> {
  if (canWebCrypto) {
    try {
      const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"])) as CryptoKeyPair;
      const publicKey = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      return { kind: "webcrypto", privateKey: pair.privateKey, publicKey };
    } catch (err) {
      console.info("ferry: WebCrypto could not make an Ed25519 key; using @noble/curves", err);
    }
  }
  const secretKey = ed25519.utils.randomSecretKey();
  return { kind: "noble", secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

/** The device key kept in `kv`, made on first use. `canWebCrypto`: this context's WebCrypto does Ed25519. */
export async function loadDeviceKey(kv: KeyValue, canWebCrypto: boolean): Promise<DeviceKey> {
  let stored = await kv.get(RECORD);
  if (stored !== undefined && !isStoredKey(stored, canWebCrypto)) {
    console.warn("ferry: the stored device key is unusable here; making a new one (pairings must be made again)");
    await kv.delete(RECORD);
    stored = undefined;
  }
  if (stored === undefined) stored = await kv.putIfAbsent(RECORD, await generate(canWebCrypto));
  if (!isStoredKey(stored, canWebCrypto)) throw new Error("the device key could not be stored");
  const key = stored;
  return {
    id: deviceIdFor(key.publicKey),
    publicKey: key.publicKey,
    kind: key.kind,
    lasting: kv.lasting,
    sign: async (message) =>
      key.kind === "webcrypto"
        ? new Uint8Array(await crypto.subtle.sign("Ed25519", key.privateKey, message as BufferSource))
        : ed25519.sign(message, key.secretKey),
  };
}
