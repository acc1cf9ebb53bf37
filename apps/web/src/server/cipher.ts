import "server-only";
import { createCredentialCipher, type CredentialCipher } from "@printernizer/db/secrets";
import { serverEnv } from "~/env";

let cipher: CredentialCipher | undefined;

/** Seals printer credentials and webhook URLs with PRINTERNIZER_SECRET (previous keys still open). */
export function getCipher(): CredentialCipher {
  return (cipher ??= createCredentialCipher(
    serverEnv().PRINTERNIZER_SECRET,
    serverEnv().PRINTERNIZER_SECRET_PREVIOUS,
  ));
}
