// FDM Monster as a child process of the benchmark: its own port and data folder (SQLite database
// and media), its first-run setup (root user, login required), its experimental PrusaLink and
// Bambu support switched on, and a login whose JWT its API and socket.io gateway take.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startChild, type BenchChild } from "../child-processes";
import type { FdmInstall } from "./fdm-install";

export interface FdmServer {
  child: BenchChild;
  origin: string;
  /** JWT for `Authorization: Bearer` and the socket.io handshake's `auth.token`. */
  token: string;
  api<T>(method: string, route: string, body?: unknown): Promise<T>;
}

async function call<T>(
  origin: string,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const response = await fetch(`${origin}/api/v2${route}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `FDM Monster ${method} /api/v2${route} answered HTTP ${response.status}: ${text.slice(0, 300)}`,
    );
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function startFdmMonster(options: {
  install: FdmInstall;
  port: number;
  dataDir: string;
  log(line: string): void;
  childLog(line: string): void;
}): Promise<FdmServer> {
  const { install, port, dataDir } = options;
  const media = path.join(dataDir, "media");
  mkdirSync(media, { recursive: true });
  const child = startChild({
    name: "fdm-monster",
    args: [install.entry],
    cwd: path.dirname(path.dirname(install.entry)),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // As its package's `start` script runs it; production also logs at "warn" only.
      NODE_ENV: "production",
      SERVER_PORT: String(port),
      DATABASE_PATH: dataDir,
      MEDIA_PATH: media,
      // Offline: no client bundle download from GitHub (it serves the installed one), no Swagger page.
      ENABLE_CLIENT_DIST_AUTO_UPDATE: "false",
      DISABLE_SWAGGER_OPENAPI: "true",
      // A .env in its package folder would otherwise be read.
      ENV_FILE: path.join(dataDir, "none.env"),
    },
    log: options.childLog,
  });
  const origin = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.process.exitCode !== null)
      throw new Error(
        `FDM Monster exited (code ${child.process.exitCode}) while starting: run with --verbose to see its output`,
      );
    const ready = await fetch(`${origin}/api/v2/auth/login-required`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 120_000)
      throw new Error(
        "FDM Monster did not answer on its port within 120 s: run with --verbose to see its output",
      );
    await new Promise((r) => setTimeout(r, 500));
  }
  options.log(`FDM Monster answers after ${((Date.now() - started) / 1000).toFixed(1)} s; first-run setup`);
  const username = "bench";
  const password = randomBytes(12).toString("base64url");
  await call(origin, "POST", "/first-time-setup/complete", {
    loginRequired: true,
    registration: false,
    rootUsername: username,
    rootPassword: password,
  });
  const { token } = await call<{ token: string }>(origin, "POST", "/auth/login", { username, password });
  const api = <T>(method: string, route: string, body?: unknown) =>
    call<T>(origin, method, route, body, token);
  // Off by default in 2.1.1: without them its socket factory refuses PrusaLink and Bambu printers.
  await api("PUT", "/settings/experimental-prusa-link-support", { enabled: true });
  await api("PUT", "/settings/experimental-bambu-support", { enabled: true });
  return { child, origin, token, api };
}
