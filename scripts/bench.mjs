// `npm run bench -- --printers 500 --json bench-results/n500.json`: install, build the web app
// and worker, then run the benchmark (apps/bench) with the arguments given. See
// docs/benchmarks.md for what it measures and the figures of this machine.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { installDependencies, mustPnpm, root } from "./pnpm.mjs";

installDependencies();
mustPnpm(
  [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@printernizer/web",
    "--filter=@printernizer/worker",
    "--output-logs=errors-only",
  ],
  "building",
);
const args = process.argv.slice(2);
// Relative --json paths are taken from where the command was typed (npm runs us from the root).
const jsonAt = args.indexOf("--json");
if (jsonAt >= 0 && args[jsonAt + 1])
  args[jsonAt + 1] = path.resolve(process.env.INIT_CWD ?? process.cwd(), args[jsonAt + 1]);
const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
  cwd: path.join(root, "apps", "bench"),
  stdio: "inherit",
});
process.exit(result.status ?? 1);
