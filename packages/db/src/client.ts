// The one way to get a Prisma client: always through @prisma/adapter-pg (no engine binary).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface CreateDbOptions {
  databaseUrl: string;
  /** Max pool connections (pg). */
  max?: number;
}

export function createDb(options: CreateDbOptions): PrismaClient {
  // Every session in UTC: Prisma reads and writes `DateTime` (timestamp without time zone) as UTC,
  // and SQL writes `now()` into those columns (heartbeats, updatedAt) and compares them with
  // `now()`. In a session of another zone (a server initialised in the machine's local zone) a
  // `now()` written heartbeat would read hours off in JavaScript. A connection string that sets
  // `options` itself keeps its own.
  const adapter = new PrismaPg({
    connectionString: options.databaseUrl,
    max: options.max ?? 10,
    options: "-c TimeZone=UTC",
  });
  return new PrismaClient({ adapter });
}

export type Db = PrismaClient;
