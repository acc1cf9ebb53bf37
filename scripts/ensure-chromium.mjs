// The browser tests use Debian's Chromium (Playwright's own browser download cannot
// work offline). Installs it with apt-get when missing.
import { existsSync } from "node:fs";
import { run } from "./pnpm.mjs";

export const chromiumPath = "/usr/bin/chromium";

export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  console.log("[printernizer] installing Debian's chromium for the browser tests…");
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ["sudo", "-n"];
  const apt = (args, options) =>
    asRoot ? run("apt-get", args, options) : run(sudo[0], [...sudo.slice(1), "apt-get", ...args], options);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (
    apt(["update", "-qq"], { env }) !== 0 ||
    apt(["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env }) !== 0
  ) {
    console.error(
      "[printernizer] could not install chromium with apt-get. Install the Debian package `chromium` (as root), then run the tests again.",
    );
    process.exit(1);
  }
  if (!existsSync(chromiumPath)) {
    console.error(`[printernizer] chromium was installed but ${chromiumPath} is missing.`);
    process.exit(1);
  }
}
