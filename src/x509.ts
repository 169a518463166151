// A self-signed X.509 v3 certificate (RFC 5280) for an ECDSA P-256 key made with WebCrypto, so the
// compiled executable can create its own HTTPS certificate without openssl on the machine.
import { createHash } from "node:crypto";
import { parseIp } from "./cidr";
import * as der from "./der";

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

export interface CertificateRequest {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: Date;
  notAfter: Date;
}

export interface GeneratedCertificate {
  certPem: string;
  keyPem: string;
}

const algorithm = () => der.sequence(der.oid(OID.ecdsaWithSha256)); // RFC 5758 §3.2: parameters absent

function name(commonName: string): Uint8Array {
  const rdn = (type: string, value: string) => der.set(der.sequence(der.oid(type), der.utf8String(value)));
  return der.sequence(rdn(OID.organization, "Ferry"), rdn(OID.commonName, commonName));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** RFC 5280 §4.2.1.6: dNSName is [2] IA5String, iPAddress is [7] OCTET STRING of 4 or 16 bytes. */
function subjectAltName(dnsNames: string[], ipAddresses: string[]): Uint8Array {
  const names = dnsNames.map((d) => der.implicitPrimitive(2, new TextEncoder().encode(d)));
  for (const ip of ipAddresses) {
    const bytes = parseIp(ip);
    if (!bytes) throw new Error(`not an IP address: ${ip}`);
    names.push(der.implicitPrimitive(7, bytes));
  }
  return der.sequence(...names);
}

/** WebCrypto signs ECDSA as r‖s (IEEE P1363); X.509 wants SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3). */
function ecdsaSignatureToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return der.sequence(der.unsignedInteger(raw.subarray(0, half)), der.unsignedInteger(raw.subarray(half)));
}

function pem(label: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString("base64");
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;
}

export async function createSelfSignedCertificate(req: CertificateRequest): Promise<GeneratedCertificate> {
  const keys = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keys.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", keys.privateKey));

  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0]! &= 0x7f; // RFC 5280 §4.1.2.2: positive, at most 20 bytes
  const subject = name(req.commonName);
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm(),
    subject, // issuer: self-signed
    der.sequence(der.time(req.notBefore), der.time(req.notAfter)),
    subject,
    spki, // WebCrypto's SubjectPublicKeyInfo is already the DER structure X.509 embeds
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence()), // not a CA
        extension(OID.keyUsage, true, der.bitString(Uint8Array.of(0x80), 7)), // digitalSignature
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, subjectAltName(req.dnsNames, req.ipAddresses)),
      ),
    ),
  );
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, tbs));
  const cert = der.sequence(tbs, algorithm(), der.bitString(ecdsaSignatureToDer(signature)));
  return { certPem: pem("CERTIFICATE", cert), keyPem: pem("PRIVATE KEY", pkcs8) };
}

/** SHA-256 of the certificate's DER, as browsers show it: "AB:CD:…". */
export function fingerprint256(certPem: string): string {
  const b64 = certPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const hex = createHash("sha256").update(Buffer.from(b64, "base64")).digest("hex").toUpperCase();
  return hex.match(/../g)!.join(":");
}
