import { describe, expect, it } from "vitest";
import {
  createCredentialCipher,
  DecryptionError,
  generateSecretKey,
  parseSecretKey,
  SecretKeyError,
} from "./credential-cipher";

describe("credential cipher", () => {
  const key = generateSecretKey();

  it("round-trips JSON and never contains the plaintext", () => {
    const cipher = createCredentialCipher(key);
    const sealed = cipher.encryptJson({ accessCode: "12345678" });
    expect(sealed).not.toContain("12345678");
    expect(sealed.startsWith(`v1.${cipher.currentKeyId}.`)).toBe(true);
    expect(cipher.decryptJson(sealed)).toEqual({ accessCode: "12345678" });
  });

  it("uses a fresh IV each time", () => {
    const cipher = createCredentialCipher(key);
    expect(cipher.encrypt("same")).not.toBe(cipher.encrypt("same"));
  });

  it("detects tampering", () => {
    const cipher = createCredentialCipher(key);
    const parts = cipher.encrypt("secret").split(".");
    parts[4] = Buffer.from("public").toString("base64url");
    expect(() => cipher.decrypt(parts.join("."))).toThrow(DecryptionError);
  });

  it("rotates: an old key listed as previous still decrypts, and is flagged for re-encryption", () => {
    const oldCipher = createCredentialCipher(key);
    const sealed = oldCipher.encrypt("secret");
    const newKey = generateSecretKey();
    const rotated = createCredentialCipher(newKey, [key]);
    expect(rotated.decrypt(sealed)).toBe("secret");
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt("secret"))).toBe(false);
    expect(() => createCredentialCipher(newKey).decrypt(sealed)).toThrow(/PRINTERNIZER_SECRET_PREVIOUS/);
  });

  it("accepts hex and base64 keys of 32 bytes and rejects others with a clear message", () => {
    expect(parseSecretKey("a".repeat(64))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString("base64"))).toHaveLength(32);
    expect(() => parseSecretKey("short")).toThrow(SecretKeyError);
    expect(() => parseSecretKey("short")).toThrow(/64 hex characters/);
  });
});
