// A printer that sends a payload of the wrong shape: the adapter publishes one protocol error
// event, stays connected, and resumes normal events once the payload is valid again.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import { PrusaLinkConfigSchema } from "./prusalink-config";

let server: Server | undefined;
let adapter: PrusaLinkAdapter | undefined;

afterEach(async () => {
  await adapter?.disconnect();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe("PrusaLink adapter and bad payloads", () => {
  it("reports a protocol error once and keeps running", async () => {
    let broken = true;
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.headers["x-api-key"] !== "key") return res.writeHead(401).end();
      if (req.url === "/api/version")
        return res.end(
          JSON.stringify({ api: "2.0.0", server: "2.1.2", text: "PrusaLink", hostname: "prusa-xl" }),
        );
      if (req.url === "/api/v1/info") return res.end(JSON.stringify({ serial: "XL1" }));
      if (req.url === "/api/v1/status") {
        return res.end(
          JSON.stringify(
            broken
              ? { printer: { state: "IDLE", temp_bed: "warm" } }
              : { printer: { state: "IDLE", temp_bed: 22.5 } },
          ),
        );
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const events = new EventRecorder();
    adapter = new PrusaLinkAdapter({
      printerId: "p",
      config: PrusaLinkConfigSchema.parse({ host: "127.0.0.1", port, apiKey: "key", pollIntervalMs: 250 }),
      events,
      policy: { requestTimeoutMs: 1_000 },
    });
    await adapter.connect();
    const protocolError = await waitFor(() => events.ofType("printer_protocol_error")[0], "protocol error");
    expect(protocolError.message).toMatch(/\/api\/v1\/status: unexpected payload \(printer\.temp_bed/);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events.count("printer_protocol_error")).toBe(1);
    expect(adapter.health().connected).toBe(true);
    expect(events.count("printer_connection_lost")).toBe(0);
    broken = false;
    const status = await waitFor(() => events.ofType("printer_status_updated")[0], "status after fix");
    expect(status.status.temperatures.bed?.current).toBe(22.5);
  });
});
