// `npm start`: install, build, then run the launcher (embedded Postgres unless
// DATABASE_URL is set, migrations, worker, web) until Ctrl-C.
import { spawn } from "node:child_process";
import path from "node:path";
import { installDependencies, mustPnpm, root } from "./pnpm.mjs";

console.log("[printernizer] installing dependencies…");
installDependencies();
console.log("[printernizer] building (cached after the first time)…");
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

const launcher = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  cwd: path.join(root, "apps", "launcher"),
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
// Ctrl-C reaches the launcher too (same process group); a `kill` of this process is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => launcher.kill("SIGTERM"));
launcher.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
