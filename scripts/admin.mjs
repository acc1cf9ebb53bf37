// `npm run admin -- create-admin --email you@example.com`: create or reset an admin for an
// owner locked out of their farm (see packages/auth/src/cli.ts). Uses DATABASE_URL, or the
// embedded database in the data directory.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { installDependencies, mustPnpm, root } from "./pnpm.mjs";

installDependencies();
mustPnpm(
  ["exec", "turbo", "run", "db:generate", "--output-logs=errors-only"],
  "preparing the database client",
);
const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...process.argv.slice(2)], {
  cwd: path.join(root, "packages", "auth"),
  stdio: "inherit",
});
process.exit(result.status ?? 1);
