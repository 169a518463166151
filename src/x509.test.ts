import { describe, expect, test } from "bun:test";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSelfSignedCertificate, fingerprint256 } from "./x509";

const notBefore = new Date("2026-01-01T00:00:00Z");
const notAfter = new Date("2028-04-05T00:00:00Z");
const made = await createSelfSignedCertificate({
  commonName: "Ferry on test",
  dnsNames: ["localhost", "box.local"],
  ipAddresses: ["127.0.0.1", "::1", "192.168.1.20"],
  notBefore,
  notAfter,
});

describe("self-signed certificate", () => {
  test("node:crypto parses it: names, validity, not a CA, signed by its own key", () => {
    const x = new X509Certificate(made.certPem);
    expect(x.subject).toBe("O=Ferry\nCN=Ferry on test");
    expect(x.issuer).toBe(x.subject);
    expect(x.subjectAltName).toBe("DNS:localhost, DNS:box.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.20");
    expect(x.validFromDate.toISOString()).toBe(notBefore.toISOString());
    expect(x.validToDate.toISOString()).toBe(notAfter.toISOString());
    expect(x.ca).toBe(false);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(made.keyPem))).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  test("its fingerprint is the SHA-256 of its DER, colon-separated, as browsers show it", () => {
    expect(fingerprint256(made.certPem)).toBe(new X509Certificate(made.certPem).fingerprint256);
    expect(fingerprint256(made.certPem)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  test("each certificate has its own key and serial number", async () => {
    const other = await createSelfSignedCertificate({ commonName: "x", dnsNames: [], ipAddresses: ["10.0.0.1"], notBefore, notAfter });
    expect(other.keyPem).not.toBe(made.keyPem);
    expect(new X509Certificate(other.certPem).serialNumber).not.toBe(new X509Certificate(made.certPem).serialNumber);
  });

  test("a TLS client that trusts it connects to 127.0.0.1 with full verification", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: made.certPem, key: made.keyPem }, fetch: () => new Response("secure") });
    try {
      const res = await fetch(`https://127.0.0.1:${server.port}/`, { tls: { ca: made.certPem } } as RequestInit);
      expect(await res.text()).toBe("secure");
      // Without trusting it, verification must fail: the certificate is really checked.
      await expect(fetch(`https://127.0.0.1:${server.port}/`)).rejects.toThrow();
    } finally {
      server.stop(true);
    }
  });

  test("openssl reads it as an ECDSA P-256 v3 server certificate", () => {
    const dir = mkdtempSync(join(tmpdir(), "ferry-x509-"));
    const file = join(dir, "cert.pem");
    writeFileSync(file, made.certPem);
    const out = Bun.spawnSync(["openssl", "x509", "-in", file, "-noout", "-text"]);
    const text = out.stdout.toString();
    expect(out.exitCode).toBe(0);
    expect(text).toContain("Version: 3 (0x2)");
    expect(text).toContain("Signature Algorithm: ecdsa-with-SHA256");
    expect(text).toContain("NIST CURVE: P-256");
    expect(text).toContain("CA:FALSE");
    expect(text).toContain("TLS Web Server Authentication");
    expect(text).toContain("DNS:localhost, DNS:box.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.20");
  });
});
