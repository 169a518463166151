// TLS material for Bun.serve: the operator's certificate files, or our own self-signed certificate,
// created on first use under the data directory and reused while it still covers this machine.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./config";
import { hostNames, lanAddresses } from "./lan-addresses";
import { createSelfSignedCertificate, fingerprint256 } from "./x509";

export interface TlsMaterial {
  cert: string;
  key: string;
}

export interface SelfSigned extends TlsMaterial {
  fingerprint: string;
  certPath: string;
  /** Why a new certificate was made, or null when the stored one was reused. */
  created: string | null;
}

// Apple platforms refuse TLS server certificates valid for more than 825 days, even ones the user accepts.
const VALID_DAYS = 825;
const RENEW_BEFORE_DAYS = 30;
const DAY_MS = 86_400_000;

export function readTlsFiles(certPath: string, keyPath: string): TlsMaterial {
  const read = (path: string, option: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (err) {
      throw new ConfigError(`invalid --${option} "${path}": ${(err as Error).message}`);
    }
  };
  return { cert: read(certPath, "tls-cert"), key: read(keyPath, "tls-key") };
}

/** Why the stored certificate cannot be reused for `ips`, or null when it can. */
function reasonToReplace(cert: string, key: string, ips: string[], now: Date): string | null {
  const x509 = new X509Certificate(cert);
  if (!x509.checkPrivateKey(createPrivateKey(key))) return "the stored key does not match the certificate";
  if (x509.validToDate.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return `the stored certificate expires ${x509.validTo}`;
  const missing = ips.filter((ip) => !x509.checkIP(ip));
  return missing.length > 0 ? `the stored certificate does not name ${missing.join(", ")}` : null;
}

export interface SelfSignedOptions {
  now?: Date;
  /** This machine's LAN addresses; read from its interfaces unless given (tests). */
  lanAddresses?: string[];
}

export async function selfSignedTls(dataDir: string, opts: SelfSignedOptions = {}): Promise<SelfSigned> {
  const now = opts.now ?? new Date();
  const dir = join(dataDir, "tls");
  const certPath = join(dir, "self-signed-cert.pem");
  const keyPath = join(dir, "self-signed-key.pem");
  const ips = ["127.0.0.1", "::1", ...(opts.lanAddresses ?? lanAddresses())];

  let created: string | null = "none was stored yet";
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, "utf8");
    const key = readFileSync(keyPath, "utf8");
    try {
      created = reasonToReplace(cert, key, ips, now);
    } catch (err) {
      created = `the stored certificate is unreadable (${(err as Error).message})`;
    }
    if (created === null) return { cert, key, fingerprint: fingerprint256(cert), certPath, created };
  }

  const generated = await createSelfSignedCertificate({
    commonName: `Ferry on ${hostNames()[0] ?? "localhost"}`,
    dnsNames: ["localhost", ...hostNames()],
    ipAddresses: ips,
    notBefore: new Date(now.getTime() - DAY_MS), // tolerate clocks that lag a little
    notAfter: new Date(now.getTime() + VALID_DAYS * DAY_MS),
  });
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyPath, generated.keyPem, { mode: 0o600 });
    chmodSync(keyPath, 0o600); // mode applies only when the file is new
    writeFileSync(certPath, generated.certPem);
  } catch (err) {
    throw new ConfigError(`invalid --data-dir (FERRY_DATA_DIR) "${dataDir}": cannot store the certificate: ${(err as Error).message}`);
  }
  return { cert: generated.certPem, key: generated.keyPem, fingerprint: fingerprint256(generated.certPem), certPath, created };
}
