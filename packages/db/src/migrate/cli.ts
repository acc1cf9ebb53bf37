// `pnpm db:migrate`: applies pending migrations to DATABASE_URL and prints what it applied.
import { applyMigrations } from "./apply-migrations";

// eslint-disable-next-line no-restricted-properties -- a CLI entry point reads its one variable directly
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "DATABASE_URL is not set: set it to your PostgreSQL URL (the start command migrates the embedded database by itself).",
  );
  process.exit(1);
}
try {
  await applyMigrations({ databaseUrl, log: (line) => console.warn(line) });
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
