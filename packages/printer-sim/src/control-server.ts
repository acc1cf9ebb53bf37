// A small HTTP control endpoint so processes other than the test (the demo farm, a browser,
// an e2e runner) can inject faults and read counters of simulated printers:
//   GET    /printers                       details + counters of every printer
//   GET    /printers/<name>                one printer (+ current faults)
//   POST   /printers/<name>/faults         JSON patch, e.g. {"latencyMs":2000} or {"failWith":{"status":500,"count":3}}
//   DELETE /printers/<name>/faults         clear faults
//   POST   /printers/<name>/go-away | come-back | drop-connections | reset-counters
//   POST   /printers/<name>/password       {"password":"new"}
//   POST   /printers/<name>/poison         Bambu: {"payload":"<text>"} or {"base64":"..."} published as is on the report topic;
//                                          PrusaLink: {"path":"/api/v1/status","answers":[{"status":200,"body":...}],"count":1}
//   POST   /printers/<name>/select-file   PrusaLink: {"path":"/local/x.gcode"} selects a file without printing it, {} deselects
//   POST   /printers/<name>/upload        Bambu: {"bytesPerSecond":N,"delayFinalReplyMs":N,"finalReply":"226"|"426"|"none",
//                                          "capacityBytes":N,"cardInserted":bool} for the uploads that start from now on;
//                                          PrusaLink: {"bytesPerSecond":N,"storageBytes":N}
//   POST   /printers/<name>/live-view     Bambu: {"on":false} switches LAN live view off (camera port closed), {"on":true} on
// Loopback only; no auth (it controls simulators, never real printers).
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { FaultSettings } from "./faults";

export interface ControllablePrinter {
  readonly name: string;
  details(): object;
  counters(): object;
  readonly faults: Readonly<FaultSettings>;
  setFaults(patch: Partial<FaultSettings>): void;
  clearFaults(): void;
  goAway(): Promise<void>;
  comeBack(): Promise<void>;
  dropConnections(): void;
  resetCounters(): void;
  setPassword?(password: string): void;
  /** Sends what a hostile printer would (see each simulator's `injectPoison`); throws on a bad request. */
  injectPoison?(request: Record<string, unknown>): Promise<void>;
  /** Selects a file on the printer without printing it (PrusaLink); throws on a bad request. */
  selectFileRequest?(request: Record<string, unknown>): void;
  /** Upload rate and quirks (Bambu FTPS, PrusaLink); throws on a bad request. */
  setUploadRequest?(request: Record<string, unknown>): void;
  /** LAN live view (Bambu camera) on or off. */
  setLiveView?(on: boolean): Promise<void>;
}

export interface ControlServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

const FaultPatchKeys = new Set(["latencyMs", "hang", "failWith", "dropConnections"]);

export async function startControlServer(
  printers: () => ControllablePrinter[],
  host = "127.0.0.1",
  port = 0,
): Promise<ControlServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res, printers()).catch((error: unknown) =>
      reply(res, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = address && typeof address === "object" ? address.port : port;
  return {
    host,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) text += (chunk as Buffer).toString("utf8");
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("expected a JSON object");
  return value as Record<string, unknown>;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  printers: ControllablePrinter[],
): Promise<void> {
  const parts = (req.url ?? "/").split("?")[0]!.split("/").filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? "GET";
  if (parts[0] !== "printers") return reply(res, 404, { error: "not found" });
  if (parts.length === 1 && method === "GET")
    return reply(
      res,
      200,
      printers.map((p) => ({ ...p.details(), counters: p.counters() })),
    );
  const printer = printers.find((p) => p.name === parts[1]);
  if (!printer) return reply(res, 404, { error: `no printer named ${parts[1]}` });
  const action = parts[2];
  if (!action && method === "GET")
    return reply(res, 200, { ...printer.details(), counters: printer.counters(), faults: printer.faults });
  if (method === "DELETE" && action === "faults") {
    printer.clearFaults();
    return reply(res, 200, { faults: printer.faults });
  }
  if (method !== "POST") return reply(res, 405, { error: "method not allowed" });
  switch (action) {
    case "faults": {
      const patch = await readJson(req);
      const unknown = Object.keys(patch).filter((k) => !FaultPatchKeys.has(k));
      if (unknown.length > 0) return reply(res, 400, { error: `unknown fault(s): ${unknown.join(", ")}` });
      printer.setFaults(patch as Partial<FaultSettings>);
      return reply(res, 200, { faults: printer.faults });
    }
    case "go-away":
      await printer.goAway();
      return reply(res, 200, { online: false });
    case "come-back":
      await printer.comeBack();
      return reply(res, 200, { online: true });
    case "drop-connections":
      printer.dropConnections();
      return reply(res, 200, {});
    case "reset-counters":
      printer.resetCounters();
      return reply(res, 200, {});
    case "password": {
      const body = await readJson(req);
      if (typeof body.password !== "string" || !printer.setPassword)
        return reply(res, 400, { error: "password (string) required" });
      printer.setPassword(body.password);
      return reply(res, 200, {});
    }
    case "poison": {
      if (!printer.injectPoison) return reply(res, 400, { error: "this printer cannot inject poison" });
      try {
        await printer.injectPoison(await readJson(req));
      } catch (error) {
        return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return reply(res, 200, {});
    }
    case "select-file": {
      if (!printer.selectFileRequest) return reply(res, 400, { error: "this printer cannot select files" });
      try {
        printer.selectFileRequest(await readJson(req));
      } catch (error) {
        return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return reply(res, 200, {});
    }
    case "upload": {
      if (!printer.setUploadRequest) return reply(res, 400, { error: "this printer has no upload settings" });
      try {
        printer.setUploadRequest(await readJson(req));
      } catch (error) {
        return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      return reply(res, 200, {});
    }
    case "live-view": {
      if (!printer.setLiveView) return reply(res, 400, { error: "this printer has no camera" });
      const body = await readJson(req);
      if (typeof body.on !== "boolean") return reply(res, 400, { error: 'expected {"on": true|false}' });
      await printer.setLiveView(body.on);
      return reply(res, 200, { liveView: body.on });
    }
    default:
      return reply(res, 404, { error: `unknown action ${action ?? ""}` });
  }
}
