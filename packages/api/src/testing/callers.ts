// Test helpers: call the real router as anonymous or as a user of a role, and reach any
// procedure by its dotted path.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { clientAddressHeader } from "@printernizer/auth/client-address";
import { createCredentialCipher, generateSecretKey, type CredentialCipher } from "@printernizer/db/secrets";
import type { Db } from "@printernizer/db";
import { LocalFileStore } from "@printernizer/file-store";
import { TRPCError } from "@trpc/server";
import { appRouter } from "../root";
import type { Role } from "../roles";
import { createCallerFactory, createTRPCContext, type AuthSession } from "../trpc";

export type Caller = "anonymous" | Role;
export const callers: Caller[] = ["anonymous", "viewer", "operator", "admin"];

export function testCipher(): CredentialCipher {
  return createCredentialCipher(generateSecretKey());
}

export function sessionFor(role: Role, id = `test-${role}`): AuthSession {
  return {
    sessionId: `session-${id}`,
    user: { id, email: `${id}@printernizer.test`, name: `Test ${role}`, role },
  };
}

// A file store of its own per test process, as the web process has one (library deletes use it).
const fileStore = new LocalFileStore(path.join(mkdtempSync(path.join(tmpdir(), "pz-api-store-")), "files"));

export function callerFor(db: Db, who: Caller, cipher: CredentialCipher, session?: AuthSession) {
  const headers = new Headers({ [clientAddressHeader]: "203.0.113.7", "user-agent": "vitest" });
  return createCallerFactory(appRouter)(
    createTRPCContext({
      db,
      headers,
      cipher,
      fileStore,
      session: who === "anonymous" ? null : (session ?? sessionFor(who)),
    }),
  );
}

type AnyProcedureCall = (input?: unknown) => Promise<unknown>;

/** The procedure at a dotted path, e.g. "admin.printers.list". */
export function procedureAt(caller: unknown, path: string): AnyProcedureCall {
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as AnyProcedureCall;
}

/** Every procedure path of the router with its declared access (from meta). */
export function routerProcedures(): { path: string; access: string | undefined; type: string }[] {
  const procedures = (
    appRouter._def as unknown as {
      procedures: Record<string, { _def: { meta?: { access?: string }; type: string } }>;
    }
  ).procedures;
  return Object.entries(procedures).map(([path, procedure]) => ({
    path,
    access: procedure._def.meta?.access,
    type: procedure._def.type,
  }));
}

/** "ok", or the TRPCError's "CODE: message" a call was refused with (any other error is rethrown). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}
