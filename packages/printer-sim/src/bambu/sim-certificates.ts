// Certificates like a real printer's: a device certificate with CN = serial, signed by a
// private "BBL CA"-like authority (generated with selfsigned). Replacing the certificate
// keeps the CA, like a printer whose device certificate was re-issued.
import { X509Certificate } from "node:crypto";
import { generate } from "selfsigned";

export interface SimCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as node's `fingerprint256`). */
  fingerprint256: string;
}

export interface SimAuthority {
  key: string;
  cert: string;
}

let sharedAuthority: Promise<SimAuthority> | undefined;

/** One CA per process (generating RSA keys is the slow part). */
export function simAuthority(): Promise<SimAuthority> {
  sharedAuthority ??= generate(
    [
      { name: "commonName", value: "BBL CA (simulated)" },
      { name: "organizationName", value: "Printernizer simulator" },
    ],
    {
      keySize: 2048,
      algorithm: "sha256",
      notAfterDate: new Date(Date.UTC(2032, 3, 1)),
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  ).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return sharedAuthority;
}

export async function issueDeviceCertificate(serial: string): Promise<SimCertificate> {
  const ca = await simAuthority();
  const pems = await generate([{ name: "commonName", value: serial }], {
    keySize: 2048,
    algorithm: "sha256",
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: serial }] },
    ],
  });
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint256: new X509Certificate(pems.cert).fingerprint256,
  };
}
