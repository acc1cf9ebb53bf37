// PRINTERNIZER_SECRET for the embedded default: generated once, kept in the data
// directory with mode 0600. With an external database we refuse to invent one, since
// a key that lives on one machine only would strand the encrypted credentials.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export class MissingSecretError extends Error {}

export function resolveSecret(options: { given?: string; external: boolean; dataDir: string }): string {
  if (options.given) return options.given;
  if (options.external) {
    throw new MissingSecretError(
      "PRINTERNIZER_SECRET is not set. With your own DATABASE_URL, set PRINTERNIZER_SECRET to 32 random bytes " +
        "(`openssl rand -hex 32`) and use the same value for every worker and web instance.",
    );
  }
  const file = path.join(options.dataDir, "secret.key");
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file, "utf8").trim();
  }
  // The data directory holds the secret, the database and printer files: owner only.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
