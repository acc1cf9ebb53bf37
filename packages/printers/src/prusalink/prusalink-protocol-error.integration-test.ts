// A printer that sends a payload of the wrong shape: a field of the wrong type is dropped with one
// warning and the rest of the answer is used; an answer that cannot be used at all (no printer
// object) is one protocol error event; the adapter stays connected throughout.
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
  // Issue 14 changed this test: `temp_bed: "warm"` used to cost the whole poll (a protocol error);
  // now only temp_bed is dropped, with a warning, and the status is updated.
  it("drops a bad field with one warning, reports an unusable answer once, and keeps running", async () => {
    let phase: "bad field" | "unusable" | "good" = "bad field";
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
            phase === "bad field"
              ? { printer: { state: "IDLE", temp_bed: "warm", temp_nozzle: 24.5 } }
              : phase === "unusable"
                ? { printer: 5 }
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
    const first = await waitFor(
      () => events.ofType("printer_status_updated")[0],
      "status despite the bad field",
    );
    expect(first.status).toMatchObject({ state: "idle", temperatures: { nozzle: { current: 24.5 } } });
    expect(first.status.temperatures.bed).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 800)); // a few more polls with the same bad field
    expect(events.ofType("printer_protocol_warning")).toEqual([
      {
        type: "printer_protocol_warning",
        message: '/api/v1/status: printer.temp_bed: expected number, got string "warm"; dropped it',
        path: "printer.temp_bed",
        source: "/api/v1/status",
        valueType: "string",
        expected: "number",
      },
    ]);
    expect(events.count("printer_protocol_error")).toBe(0);
    phase = "unusable";
    const protocolError = await waitFor(() => events.ofType("printer_protocol_error")[0], "protocol error");
    expect(protocolError.message).toMatch(/\/api\/v1\/status: unexpected payload \(printer: /);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events.count("printer_protocol_error")).toBe(1);
    expect(adapter.health().connected).toBe(true);
    expect(events.count("printer_connection_lost")).toBe(0);
    phase = "good";
    const fixed = await waitFor(
      () => events.ofType("printer_status_updated").find((e) => e.status.temperatures.bed?.current === 22.5),
      "status after fix",
    );
    expect(fixed.status.state).toBe("idle");
  });
});
