import "server-only";
import { createDb, type Db } from "@printernizer/db";
import { serverEnv } from "~/env";

// One client per server process (remembered across hot reloads in development).
const globalForDb = globalThis as unknown as { printernizerDb?: Db };

export function getDb(): Db {
  return (globalForDb.printernizerDb ??= createDb({ databaseUrl: serverEnv().DATABASE_URL }));
}
