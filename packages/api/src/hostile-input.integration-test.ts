// Every procedure of the router, called as admin with hostile values in every text, number
// and date field its input schema accepts (NUL, lone surrogates, 1 MB text, numbers beyond
// int32 / int64 / double, dates past year 275760), must answer a clear client error or a
// result: never INTERNAL_SERVER_ERROR (HTTP 500), never a crash. NUL, lone surrogates and
// 1 MB text must be refused with BAD_REQUEST whatever the field.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createUser } from "@printernizer/auth/users";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { appRouter } from "./root";
import { callerFor, procedureAt, routerProcedures, testCipher } from "./testing/callers";
import { hostileVariants, type KnownValues } from "./testing/hostile-inputs";

const cipher = testCipher();
let database: TestDatabase;
const known: { printerId: string; userId: string; webhookId: string } = {
  printerId: "",
  userId: "",
  webhookId: "",
};

beforeAll(async () => {
  database = await createTestDatabase();
  const printer = await database.db.printer.create({
    data: {
      kind: "prusalink",
      name: "Fuzz MK4",
      host: "192.0.2.80",
      port: 80,
      model: "MK4",
      credentials: cipher.encryptJson({ username: "maker", password: "secret-pass" }),
    },
  });
  const user = await createUser(database.db, {
    email: "fuzz-viewer@example.com",
    name: "Fuzz Viewer",
    password: "fuzz-password-1",
    role: "viewer",
  });
  const webhook = await database.db.webhook.create({
    data: {
      name: "Fuzz hook",
      url: cipher.encryptJson({ url: "https://example.com/hook" }),
      urlHint: "https://example.com/…",
      format: "generic",
    },
  });
  Object.assign(known, { printerId: printer.id, userId: user.id, webhookId: webhook.id });
});
afterAll(async () => database?.drop());

/** Ids that name real rows, so hostile values in the other fields get past "not found". */
function knownFor(path: string): KnownValues {
  const id = path.startsWith("admin.printers.")
    ? known.printerId
    : path.startsWith("webhook.")
      ? known.webhookId
      : undefined;
  return {
    printerId: known.printerId,
    userId: known.userId,
    webhookId: known.webhookId,
    kind: path.startsWith("admin.printers.") ? "prusalink" : undefined,
    ...(id ? { id } : {}),
  };
}

type Outcome = { code: string; message: string };

async function call(path: string, input: unknown): Promise<Outcome> {
  try {
    const result = await procedureAt(callerFor(database.db, "admin", cipher), path)(input);
    // A subscription answers a stream: pull once (no hub in this process, so it ends at once).
    if (result && typeof result === "object" && Symbol.asyncIterator in result) {
      const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      try {
        await iterator.next();
      } finally {
        await iterator.return?.();
      }
    }
    return { code: "OK", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    return { code: "CRASH", message: String(error) };
  }
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return results;
}

const procedures = routerProcedures();
const inputSchemaOf = (path: string) =>
  (appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: z.core.$ZodType[] } }> })
    .procedures[path]?._def.inputs[0];

describe("hostile input reaches no procedure as a server error", () => {
  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(30);
  });

  it.each(procedures.map((p) => [p.path]))(
    "%s",
    async (path) => {
      const variants = hostileVariants(inputSchemaOf(path), knownFor(path));
      const outcomes = await inBatches(variants, 16, async (variant) => ({
        ...variant,
        input: undefined,
        ...(await call(path, variant.input)),
      }));
      const serverErrors = outcomes
        .filter((o) => o.code === "INTERNAL_SERVER_ERROR" || o.code === "CRASH")
        .map((o) => `${o.field} = ${o.what}: ${o.code} ${o.message}`);
      expect(serverErrors, "hostile values that gave a server error").toEqual([]);
      const notRefused = outcomes
        .filter((o) => o.mustBeRefused && o.code !== "BAD_REQUEST")
        .map((o) => `${o.field} = ${o.what}: ${o.code}`);
      expect(notRefused, "NUL / lone surrogate / 1 MB text not refused with BAD_REQUEST").toEqual([]);
      for (const o of outcomes.filter((o) => o.code === "BAD_REQUEST"))
        expect(o.message.length, `${o.field} = ${o.what}: a clear message`).toBeGreaterThan(5);
    },
    120_000,
  ); // admin.printers.testConnection waits up to 20 s for a worker per accepted input
});
