import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "./config";
import { lanAddresses } from "./lan-addresses";
import { readTlsFiles, selfSignedTls } from "./tls";

const freshDir = () => mkdtempSync(join(tmpdir(), "ferry-tls-"));
const DAY = 86_400_000;

describe("self-signed TLS", () => {
  test("is created once under the data directory and reused with the same fingerprint", async () => {
    const dir = freshDir();
    const first = await selfSignedTls(dir);
    expect(first.created).toBe("none was stored yet");
    expect(first.certPath).toBe(join(dir, "tls", "self-signed-cert.pem"));
    expect(statSync(join(dir, "tls", "self-signed-key.pem")).mode & 0o777).toBe(0o600);
    const again = await selfSignedTls(dir);
    expect(again.created).toBeNull();
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.cert).toBe(first.cert);
  });

  test("names localhost, loopback and every LAN address of this machine", async () => {
    const x = new X509Certificate((await selfSignedTls(freshDir())).cert);
    expect(x.subjectAltName).toContain("DNS:localhost");
    for (const ip of ["127.0.0.1", "::1", ...lanAddresses()]) expect(x.checkIP(ip)).toBe(ip);
  });

  test("is replaced when it nears expiry", async () => {
    const dir = freshDir();
    const first = await selfSignedTls(dir);
    const later = await selfSignedTls(dir, { now: new Date(Date.now() + 800 * DAY) });
    expect(later.created).toMatch(/expires/);
    expect(later.fingerprint).not.toBe(first.fingerprint);
  });

  test("is replaced when this machine gains an address it does not name", async () => {
    const dir = freshDir();
    await selfSignedTls(dir, { lanAddresses: ["192.168.1.20"] });
    expect((await selfSignedTls(dir, { lanAddresses: ["192.168.1.20"] })).created).toBeNull();
    const moved = await selfSignedTls(dir, { lanAddresses: ["10.0.0.7"] });
    expect(moved.created).toMatch(/does not name 10\.0\.0\.7/);
    expect(new X509Certificate(moved.cert).checkIP("10.0.0.7")).toBe("10.0.0.7");
  });

  test("is replaced when the stored key does not match or the files are damaged", async () => {
    const dir = freshDir();
    await selfSignedTls(dir);
    const other = await selfSignedTls(freshDir());
    writeFileSync(join(dir, "tls", "self-signed-key.pem"), other.key);
    expect((await selfSignedTls(dir)).created).toMatch(/key does not match/);
    writeFileSync(join(dir, "tls", "self-signed-cert.pem"), "garbage");
    expect((await selfSignedTls(dir)).created).toMatch(/unreadable/);
  });

  test("an unwritable data directory is a one-line configuration error", async () => {
    const file = join(freshDir(), "not-a-dir");
    writeFileSync(file, "");
    await expect(selfSignedTls(file)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("operator TLS files", () => {
  test("are read as text; an unreadable one names its option", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "c.pem"), "CERT");
    writeFileSync(join(dir, "k.pem"), "KEY");
    expect(readTlsFiles(join(dir, "c.pem"), join(dir, "k.pem"))).toEqual({ cert: "CERT", key: "KEY" });
    expect(() => readTlsFiles(join(dir, "c.pem"), join(dir, "missing.pem"))).toThrow(/--tls-key/);
  });
});
