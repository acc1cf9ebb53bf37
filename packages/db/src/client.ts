// The one way to get a Prisma client: always through @prisma/adapter-pg (no engine binary).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface CreateDbOptions {
  databaseUrl: string;
  /** Max pool connections (pg). */
  max?: number;
}

export function createDb(options: CreateDbOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

export type Db = PrismaClient;
