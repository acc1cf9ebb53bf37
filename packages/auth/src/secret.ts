// better-auth signs cookies with its own secret. It is derived from PRINTERNIZER_SECRET
// (HKDF, a separate purpose) so an install has one key to keep, not two.
import { hkdfSync } from "node:crypto";

export function deriveAuthSecret(printernizerSecret: string): string {
  const key = Buffer.from(printernizerSecret, /^[0-9a-f]{64}$/i.test(printernizerSecret) ? "hex" : "base64");
  return Buffer.from(
    hkdfSync("sha256", key, Buffer.alloc(0), "printernizer better-auth session cookies", 32),
  ).toString("hex");
}
