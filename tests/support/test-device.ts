// A device for integration tests: an Ed25519 key (noble, as a plain-http page has), and the hello it answers
// a challenge with.
import { ed25519 } from "@noble/curves/ed25519.js";
import { toBase64url } from "../../src/identity/base64url";
import { deviceIdFor } from "../../src/identity/device-id";
import { authMessage } from "../../src/identity/signed-messages";
import type { Hello } from "../../src/protocol";

export class TestDevice {
  readonly secret = ed25519.utils.randomSecretKey();
  readonly publicKey = ed25519.getPublicKey(this.secret);
  readonly id = deviceIdFor(this.publicKey);

  sign(message: Uint8Array): string {
    return toBase64url(ed25519.sign(message, this.secret));
  }

  hello(challenge: string, extra: Partial<Omit<Hello, "type" | "publicKey" | "signature">> = {}): Hello {
    return { type: "hello", publicKey: toBase64url(this.publicKey), signature: this.sign(authMessage(challenge)), name: null, paired: [], unpaired: [], room: null, ...extra };
  }
}
