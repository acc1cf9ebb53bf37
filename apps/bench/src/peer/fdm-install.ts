// FDM Monster (the peer of `--peer fdm-monster`) installed with npm into a scratch folder outside
// the repository, and reused while it holds the pinned version. 2.1.1 asks for a client bundle
// (@fdm-monster/client-next 2.4.2) that is not in the npm registry: an `overrides` entry pins the
// newest one that is. Its SQLite driver (better-sqlite3) fetches a prebuilt binary from outside the
// registry; offline that fails and npm compiles it, which needs Node's headers and a C++ toolchain.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const fdmMonsterVersion = "2.1.1";
export const fdmClientVersion = "2.3.3";

export interface FdmInstall {
  dir: string;
  /** The server's entry (its package's `bin`: dist/index.js). */
  entry: string;
}

export const defaultFdmDir = () => path.join(homedir(), ".cache", "printernizer-bench", "fdm-monster");

function installedVersion(dir: string, name: string): string | undefined {
  try {
    const file = path.join(dir, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

const sqliteBinary = (dir: string) =>
  path.join(dir, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

const entryOf = (dir: string) => path.join(dir, "node_modules", "@fdm-monster", "server", "dist", "index.js");

/** The pinned version, its compiled SQLite driver and its entry are there. */
export function isFdmMonsterInstalled(dir = defaultFdmDir()): boolean {
  return (
    installedVersion(dir, "@fdm-monster/server") === fdmMonsterVersion &&
    existsSync(sqliteBinary(dir)) &&
    existsSync(entryOf(dir))
  );
}

/** Node's headers next to this Node (Debian's nodejs ships them in /usr/include/node). */
function nodeHeadersDir(): string | undefined {
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  return existsSync(path.join(prefix, "include", "node", "node.h")) ? prefix : undefined;
}

/** Why an npm install failed, from its last lines, in words a person can act on. */
export function explainInstallFailure(output: string): string {
  if (/ETARGET|No matching version/i.test(output))
    return `a version it asks for is not in the npm registry (${/No matching version found for (\S+)/.exec(output)?.[1] ?? "see the output above"}): pin one that is in the "overrides" of the scratch package.json`;
  if (/EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network/i.test(output))
    return "the npm registry could not be reached (network): check `npm ping`";
  if (/gyp ERR|node-gyp|better-sqlite3/i.test(output))
    return "compiling better-sqlite3 failed (its prebuilt binary is downloaded from outside the npm registry, so npm builds it): it needs python3, make, a C++ compiler and Node's headers (Debian: apt-get install python3 make g++ nodejs-dev)";
  return "see npm's output above";
}

/** Installs FDM Monster unless the scratch folder already holds it; `log` shows the progress. */
export async function ensureFdmMonster(options: {
  dir?: string;
  log(line: string): void;
}): Promise<FdmInstall> {
  const dir = options.dir ?? defaultFdmDir();
  const entry = entryOf(dir);
  if (isFdmMonsterInstalled(dir)) {
    options.log(`FDM Monster ${fdmMonsterVersion}: reusing the install in ${dir}`);
    return { dir, entry };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "printernizer-bench-fdm-monster",
        private: true,
        description: "Scratch install of the benchmark's peer (npm run bench -- --peer fdm-monster)",
        dependencies: { "@fdm-monster/server": fdmMonsterVersion },
        overrides: { "@fdm-monster/client-next": fdmClientVersion },
      },
      null,
      2,
    )}\n`,
  );
  const headers = nodeHeadersDir();
  const args = ["install", "--no-audit", "--no-fund", "--loglevel=http", "--foreground-scripts"];
  if (headers) args.push(`--nodedir=${headers}`);
  options.log(
    `installing FDM Monster ${fdmMonsterVersion} into ${dir} (npm ${args.join(" ")}; better-sqlite3 is compiled, a few minutes)`,
  );
  const tail: string[] = [];
  let fetched = 0;
  let lastShown = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const npm = spawn("npm", args, { cwd: dir, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    npm.once("error", (error) => reject(new Error(`could not run npm: ${error.message}`)));
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (/http fetch GET 200 .*\.tgz/.test(line)) fetched++;
        const step = /^> (\S+) (install|postinstall)/.exec(line) ?? /gyp info spawn (\S+)/.exec(line);
        if (step) options.log(`  ${line.trim()}`);
        if (Date.now() - lastShown > 10_000) {
          lastShown = Date.now();
          options.log(`  … ${fetched} packages downloaded`);
        }
      }
    };
    npm.stdout.on("data", onData);
    npm.stderr.on("data", onData);
    npm.once("close", resolve);
  });
  if (code !== 0 || !existsSync(sqliteBinary(dir)) || !existsSync(entry)) {
    for (const line of tail.slice(-15)) options.log(`  npm: ${line}`);
    throw new Error(
      `installing FDM Monster failed (npm exit ${code}): ${explainInstallFailure(tail.join("\n"))}${headers ? "" : "; Node's headers were not found next to this Node, so node-gyp would download them from outside the registry"}`,
    );
  }
  options.log(`FDM Monster ${fdmMonsterVersion} installed (${fetched} packages downloaded)`);
  return { dir, entry };
}
