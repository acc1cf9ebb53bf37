// The worker's small HTTP endpoint: GET /health answers 200 when the database answers,
// 503 otherwise. Further routes (metrics, /camera/…) are added by the modules that own them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "@printernizer/logger";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HealthCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: unknown }>;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  host: string;
  port: number;
  checks: HealthCheck[];
  routes?: Record<string, RouteHandler>;
  /** Handlers of every path under a prefix (e.g. "/camera/"). */
  prefixRoutes?: Record<string, RouteHandler>;
  logger: Logger;
}): Promise<HealthServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "GET") return send(res, 405, { error: "method not allowed" });
    if (path === "/health") {
      const results = await Promise.all(
        options.checks.map(async (c) => {
          try {
            return [c.name, await c.check()] as const;
          } catch (error) {
            return [
              c.name,
              { ok: false, detail: error instanceof Error ? error.message : String(error) },
            ] as const;
          }
        }),
      );
      const ok = results.every(([, r]) => r.ok);
      return send(res, ok ? 200 : 503, {
        status: ok ? "ok" : "degraded",
        checks: Object.fromEntries(results),
      });
    }
    const route = options.routes?.[path];
    if (route) return route(req, res);
    const prefixed = Object.entries(options.prefixRoutes ?? {}).find(([prefix]) => path.startsWith(prefix));
    if (prefixed) return prefixed[1](req, res);
    return send(res, 404, { error: "not found" });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, "health endpoint failed");
      if (!res.headersSent) send(res, 500, { error: "internal error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
