// Ferry's one integrity scheme, for verifying, resuming and speed alike: every file is cut into blocks of
// BLOCK_BYTES (fixed by the protocol), each block gets its own SHA-256, and the file's digest is the SHA-256 of
// its block digests in order. Every byte is covered end to end; a receiver checks each block as it completes,
// knows exactly which blocks it holds, and its whole hash state is that list of digests (no hidden state to
// save or restore).
//
// Why per-block native digests rather than one incremental SHA-256 (measured in Chromium 156 on this 2-core
// machine, 256 MiB, in a worker; CPU over all Chromium processes):
//   native crypto.subtle.digest, 256 KiB blocks, ≥ 2 in flight   1,480–1,630 MiB/s   0.62–0.74 ms CPU per MiB
//   native, 1–4 MiB blocks                                         760–960 MiB/s      1.1–1.6 ms per MiB
//   hash-wasm incremental SHA-256 (the other option)               240–380 MiB/s      2.7–4.2 ms per MiB
//   the former pure-JS SHA-256                                     180–200 MiB/s      5.2–7.2 ms per MiB
// WebCrypto has no incremental digest, so one digest per block is how it can be used while a file streams.
// Blocks of 256 KiB cost half the CPU of 1 MiB ones (a buffer of a MiB or more is mapped and faulted in
// afresh for each copy), equal Chromium's largest DataChannel message (a received chunk is a whole block,
// hashed without assembling it), and cost a checkpoint 128 KiB of digests per GiB.
// Where crypto.subtle is missing (plain-http LAN pages are not secure contexts), hash-wasm computes the same
// digests, so both ends agree whatever their origins.

import { createSHA256 } from "hash-wasm";

export const BLOCK_BYTES = 256 * 1024;
export const DIGEST_BYTES = 32;

/**
 * SHA-256 of `bytes`. It reads the bytes before returning (WebCrypto copies them at the call, hash-wasm hashes
 * synchronously), so the caller may reuse or transfer the buffer at once.
 */
export type Digest = (bytes: Uint8Array) => Promise<Uint8Array>;

const native: Digest = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));

/** hash-wasm's SHA-256, for contexts without crypto.subtle (its WebAssembly is compiled only there). */
export async function wasmDigest(): Promise<Digest> {
  const hasher = await createSHA256();
  return async (bytes) => hasher.init().update(bytes).digest("binary");
}

/** The fastest SHA-256 this context has. */
export function sha256Digest(): Promise<Digest> {
  return globalThis.crypto?.subtle ? Promise.resolve(native) : wasmDigest();
}

export const blockCount = (size: number) => Math.ceil(size / BLOCK_BYTES);

/** The file's digest: SHA-256 over its block digests in order (an empty file has none). */
export const fileDigest = (digest: Digest, blockDigests: Uint8Array) => digest(blockDigests);

/**
 * Cuts bytes pushed in order (in pieces of any size) into blocks and digests each, several at once, handing
 * the digests to `onDigests` in block order. A piece that is exactly a whole block is hashed where it lies.
 */
export class BlockHasher {
  private partial = new Uint8Array(BLOCK_BYTES);
  private partialBytes = 0;
  private delivered: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  /** `nextBlock`: the index of the first block to come (a restart continues after the blocks it holds). */
  constructor(
    private digest: Digest,
    private onDigests: (first: number, digests: Uint8Array) => void,
    private nextBlock = 0,
  ) {}

  push(bytes: Uint8Array) {
    let off = 0;
    if (this.partialBytes === 0)
      for (; bytes.length - off >= BLOCK_BYTES; off += BLOCK_BYTES) this.hash(bytes.subarray(off, off + BLOCK_BYTES));
    while (off < bytes.length) {
      const take = Math.min(BLOCK_BYTES - this.partialBytes, bytes.length - off);
      this.partial.set(bytes.subarray(off, off + take), this.partialBytes);
      this.partialBytes += take;
      off += take;
      if (this.partialBytes === BLOCK_BYTES) this.flushPartial();
    }
  }

  /** Resolves once the digests of every whole block pushed so far have been handed over. */
  async settled(): Promise<void> {
    await this.delivered;
    if (this.failure) throw this.failure;
  }

  /** Digest the last, shorter block; resolves once every digest has been handed over. */
  async finish(): Promise<void> {
    if (this.partialBytes > 0) this.flushPartial();
    return this.settled();
  }

  private flushPartial() {
    this.hash(this.partial.subarray(0, this.partialBytes));
    this.partialBytes = 0; // reusable at once: the digest has read it
  }

  private hash(block: Uint8Array) {
    const index = this.nextBlock++;
    const digest = this.digest(block);
    this.delivered = this.delivered.then(async () => {
      try {
        if (!this.failure) this.onDigests(index, await digest);
      } catch (err) {
        this.failure = err as Error;
      }
    });
  }
}

/** An append-only list of 32-byte digests. */
export class DigestList {
  private bytes = new Uint8Array(DIGEST_BYTES * 16);
  count = 0;

  constructor(initial?: Uint8Array) {
    if (initial) this.append(initial);
  }

  append(digests: Uint8Array) {
    const need = this.count * DIGEST_BYTES + digests.length;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.count * DIGEST_BYTES));
      this.bytes = grown;
    }
    this.bytes.set(digests, this.count * DIGEST_BYTES);
    this.count += digests.length / DIGEST_BYTES;
  }

  /** Keep the first `n` digests. */
  truncate(n: number) {
    this.count = Math.min(this.count, n);
  }

  get(i: number): Uint8Array {
    return this.bytes.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES);
  }

  /** The first `n` digests, concatenated (a view: copy it to keep it). */
  prefix(n = this.count): Uint8Array {
    return this.bytes.subarray(0, n * DIGEST_BYTES);
  }
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A receiver's check of one file: the sender's block digests and its own arrive separately, each in block
 * order; every block is compared as soon as both are known.
 */
export class BlockCheck {
  readonly expected: DigestList;
  readonly actual: DigestList;
  /** Blocks known to match, from the start of the file. */
  verified = 0;
  /** The first block whose digests differ, if any. */
  mismatch: number | null = null;

  /** `blocks`: how many the file has. A restart passes the digests of the blocks it already verified. */
  constructor(
    readonly blocks: number,
    held?: Uint8Array,
  ) {
    this.expected = new DigestList(held);
    this.actual = new DigestList(held);
    this.verified = this.actual.count;
  }

  /** The sender's digests from block `first`; false when they do not follow on or overrun the file. */
  addExpected(first: number, digests: Uint8Array): boolean {
    return this.add(this.expected, first, digests);
  }

  /** This end's digests of what it received, from block `first`. */
  addActual(first: number, digests: Uint8Array): boolean {
    return this.add(this.actual, first, digests);
  }

  /** Every block arrived and matched. */
  get complete(): boolean {
    return this.mismatch === null && this.verified === this.blocks;
  }

  private add(list: DigestList, first: number, digests: Uint8Array): boolean {
    if (first !== list.count || digests.length % DIGEST_BYTES !== 0 || list.count + digests.length / DIGEST_BYTES > this.blocks) return false;
    list.append(digests);
    const both = Math.min(this.expected.count, this.actual.count);
    while (this.mismatch === null && this.verified < both) {
      if (equal(this.expected.get(this.verified), this.actual.get(this.verified))) this.verified++;
      else this.mismatch = this.verified;
    }
    return true;
  }
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** Lower-case hex to bytes; the caller has checked the format (peer-protocol.ts). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
