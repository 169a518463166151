// What makes this browser profile one device: its key, its chosen name and its pairings, all kept in IndexedDB
// (this page's memory when there is none: a one-visit identity). Answers the server's challenge with a hello.
import { toBase64url } from "../../../src/identity/base64url";
import { hasWebCryptoEd25519 } from "../../../src/identity/ed25519";
import { authMessage } from "../../../src/identity/signed-messages";
import type { Hello } from "../../../src/protocol";
import type { LinkAuth } from "../link-proof";
import { checkProof, makeProof } from "./channel-proof";
import { loadDeviceKey, type DeviceKey } from "./device-key";
import { openIdbKeyValue } from "./idb";
import { MemoryKeyValue, type KeyValue } from "./kv";
import { Pairings } from "./pairings";

const NAME = "name";

export class Profile {
  private constructor(
    private kv: KeyValue,
    readonly key: DeviceKey,
    readonly pairings: Pairings,
    private chosenName: string | null,
  ) {}

  static async open(): Promise<Profile> {
    const kv = (await openIdbKeyValue()) ?? new MemoryKeyValue();
    const key = await loadDeviceKey(kv, await hasWebCryptoEd25519());
    const name = await kv.get(NAME);
    return new Profile(kv, key, await new Pairings(kv).load(), typeof name === "string" ? name : null);
  }

  /** The answer to a connection's challenge. Pairings and name are read again: another tab may have changed them. */
  async hello(challenge: string, room: string | null): Promise<Hello> {
    await this.pairings.load();
    const name = await this.kv.get(NAME);
    this.chosenName = typeof name === "string" ? name : this.chosenName;
    return {
      type: "hello",
      publicKey: toBase64url(this.key.publicKey),
      signature: toBase64url(await this.key.sign(authMessage(challenge))),
      name: this.chosenName,
      paired: this.pairings.list().map((p) => p.id),
      unpaired: this.pairings.unpairedIds(),
      room,
    };
  }

  /** How a link to `peerId` proves this device and checks the peer: a paired peer must show its pinned key. */
  linkAuth(selfId: string, peerId: string): LinkAuth {
    return {
      selfId,
      prove: (ends) => makeProof(this.key, ends),
      check: (proof, ends) => checkProof(proof, ends, this.key.publicKey, this.pairings.get(peerId)?.publicKey ?? null),
    };
  }

  /** Keep the name a person chose; every later connection brings it. */
  async setName(name: string) {
    this.chosenName = name;
    await this.kv.put(NAME, name);
  }
}
