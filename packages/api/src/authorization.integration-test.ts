// The authorization matrix: every procedure of the router, called as anonymous, viewer,
// operator and admin, must be refused or let through exactly as access-table.ts says.
// A procedure without a row fails here; so does a row without a procedure.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { accessTable } from "./access-table";
import { hasRole } from "./roles";
import {
  callerFor,
  callers,
  procedureAt,
  routerProcedures,
  testCipher,
  type Caller,
} from "./testing/callers";
import type { Access } from "./trpc";

type Outcome = "UNAUTHORIZED" | "FORBIDDEN" | "allowed";

function expected(access: Access, who: Caller): Outcome {
  if (access === "public") return "allowed";
  // wall procedures need a wall-display link token in their input; no session grants them
  if (access === "kiosk") return "UNAUTHORIZED";
  if (who === "anonymous") return "UNAUTHORIZED";
  return hasRole(who, access) ? "allowed" : "FORBIDDEN";
}

describe("authorization matrix", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  const procedures = routerProcedures();

  it("has a rule for every procedure and no rule without a procedure", () => {
    const paths = procedures.map((p) => p.path).sort();
    expect(
      paths.filter((path) => !(path in accessTable)),
      "procedures missing from access-table.ts",
    ).toEqual([]);
    expect(
      Object.keys(accessTable).filter((path) => !paths.includes(path)),
      "rules for procedures that do not exist",
    ).toEqual([]);
  });

  it("declares in each procedure's meta the access the table expects", () => {
    for (const procedure of procedures)
      expect({ path: procedure.path, access: procedure.access }).toEqual({
        path: procedure.path,
        access: accessTable[procedure.path],
      });
  });

  it.each(procedures.map((p) => [p.path]))(
    "%s: anonymous, viewer, operator and admin get what the table says",
    async (path) => {
      const access = accessTable[path];
      if (!access) throw new Error(`no rule for ${path}`);
      const outcomes: Record<string, Outcome | string> = {};
      for (const who of callers) {
        try {
          // No input: a caller who may call gets past the role check and then a validation
          // error, a not-found or a result; never a server error.
          await procedureAt(callerFor(database.db, who, cipher), path)();
          outcomes[who] = "allowed";
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          if (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN") outcomes[who] = error.code;
          else if (error.code === "INTERNAL_SERVER_ERROR")
            outcomes[who] = `INTERNAL_SERVER_ERROR: ${error.message}`;
          else outcomes[who] = "allowed";
        }
      }
      expect(outcomes).toEqual(Object.fromEntries(callers.map((who) => [who, expected(access, who)])));
    },
  );
});
