import "server-only";
import { createAuth, deriveAuthSecret, type Auth } from "@printernizer/auth";
import { serverEnv } from "~/env";
import { getDb } from "./db";

const globalForAuth = globalThis as unknown as { printernizerAuth?: Auth };

export function getAuth(): Auth {
  return (globalForAuth.printernizerAuth ??= createAuth({
    db: getDb(),
    secret: deriveAuthSecret(serverEnv().PRINTERNIZER_SECRET),
    secureCookies: serverEnv().PRINTERNIZER_PUBLIC_URL?.startsWith("https:") ?? false,
  }));
}
