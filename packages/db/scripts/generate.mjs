// Runs `prisma generate` offline. The Prisma CLI insists that a schema engine binary
// exists before it starts, although generate never executes it; the binary cannot be
// downloaded on these machines, so we point the check at a file that exists.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const cwd = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync("prisma", ["generate"], { cwd, env, stdio: "inherit", shell: false });
if (result.error) {
  console.error(`prisma generate could not start: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
