export { createDb, type CreateDbOptions, type Db } from "./client";
export * from "./generated/prisma/client";
