// Encrypts printer credentials at rest: AES-256-GCM (node:crypto) with a versioned
// envelope "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). keyId names the key
// that sealed it, so PRINTERNIZER_SECRET can be rotated: old keys stay listed as
// previous keys until every row has been re-sealed with the current one.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export class SecretKeyError extends Error {}
export class DecryptionError extends Error {}

export interface CredentialCipher {
  readonly currentKeyId: string;
  encrypt(plaintext: string): string;
  decrypt(envelope: string): string;
  encryptJson(value: unknown): string;
  decryptJson<T = unknown>(envelope: string): T;
  /** True when the envelope was sealed with an older key and should be re-encrypted. */
  needsRotation(envelope: string): boolean;
}

/** Accepts 64 hex characters or base64/base64url of exactly 32 bytes. */
export function parseSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new SecretKeyError(
      "must be 32 random bytes, written as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)",
    );
  }
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString("hex");
}

function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("printernizer-key-id").update(key).digest("base64url").slice(0, 8);
}

export function createCredentialCipher(currentKey: string, previousKeys: string[] = []): CredentialCipher {
  const current = parseSecretKey(currentKey);
  const currentKeyId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[currentKeyId, current]]);
  for (const previous of previousKeys) {
    const key = parseSecretKey(previous);
    keys.set(keyIdOf(key), key);
  }

  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", current, iv);
    cipher.setAAD(Buffer.from(`v1.${currentKeyId}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [
      "v1",
      currentKeyId,
      iv.toString("base64url"),
      cipher.getAuthTag().toString("base64url"),
      ciphertext.toString("base64url"),
    ].join(".");
  };

  const decrypt = (envelope: string): string => {
    const parts = envelope.split(".");
    if (parts.length !== 5 || parts[0] !== "v1")
      throw new DecryptionError("not an encrypted credential envelope");
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const key = keys.get(keyId);
    if (!key) {
      throw new DecryptionError(
        `credentials were encrypted with key ${keyId}, which is neither PRINTERNIZER_SECRET nor listed in PRINTERNIZER_SECRET_PREVIOUS`,
      );
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(`v1.${keyId}`));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch (error) {
      throw new DecryptionError("credentials could not be decrypted (tampered data or wrong key)", {
        cause: error,
      });
    }
  };

  return {
    currentKeyId,
    encrypt,
    decrypt,
    encryptJson: (value) => encrypt(JSON.stringify(value)),
    decryptJson: <T>(envelope: string) => JSON.parse(decrypt(envelope)) as T,
    needsRotation: (envelope) => envelope.split(".")[1] !== currentKeyId,
  };
}
