export {
  applyMigrations,
  MigrationError,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
} from "./apply-migrations";
export { readMigrationFiles, defaultMigrationsDir, type MigrationFile } from "./migration-files";
