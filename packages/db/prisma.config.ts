import path from "node:path";
import { defineConfig } from "prisma/config";

// Used by `prisma generate` (and by `prisma migrate deploy` wherever the native schema
// engine exists). At runtime the client connects through @prisma/adapter-pg instead.
export default defineConfig({
  schema: path.join(import.meta.dirname, "prisma", "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/printernizer" },
});
