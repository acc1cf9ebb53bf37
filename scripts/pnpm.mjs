// Shared by the two root commands: run pnpm (fetched by npx, so nothing needs to be
// installed beforehand but Node and npm) and fail loudly with what to do next.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const pnpmVersion = "10.34.8";

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) {
    console.error(`[printernizer] could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

export function pnpm(args, options = {}) {
  return run("npx", ["-y", `pnpm@${pnpmVersion}`, ...args], {
    ...options,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TURBO_TELEMETRY_DISABLED: "1",
      DO_NOT_TRACK: "1",
      ...options.env,
    },
  });
}

export function mustPnpm(args, what, options) {
  const status = pnpm(args, options);
  if (status !== 0) {
    console.error(`[printernizer] ${what} failed (exit code ${status}). The output above says why.`);
    process.exit(status);
  }
}

export function installDependencies() {
  mustPnpm(["install", "--frozen-lockfile", "--prefer-offline"], "installing dependencies");
}
