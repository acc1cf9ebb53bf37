// The simulator's wire behaviour (prusalink.md §2, §3, §7) over real sockets, plus the control
// endpoint other processes use for fault injection.
import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startControlServer, type ControlServer } from "../control-server";
import { makeSampleBgcode } from "./sample-files";
import { PrusaLinkSimulator } from "./prusalink-simulator";

let sim: PrusaLinkSimulator;
let control: ControlServer | undefined;
const key = () => ({ "x-api-key": sim.options.password });

beforeEach(async () => {
  sim = await new PrusaLinkSimulator().start();
});
afterEach(async () => {
  await control?.close();
  control = undefined;
  await sim.stop();
});

function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: sim.host, port: sim.port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("PrusaLink simulator wire behaviour", () => {
  it("checks auth before routing: 401 for unknown paths, then 404", async () => {
    const anonymous = await fetch(`${sim.origin}/api/not`, { headers: { accept: "application/json" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(
      /^Digest realm="Printer API", nonce="[0-9a-f]{16}", stale=false$/,
    );
    const body = await anonymous.text();
    expect(body).toBe('{"title": "401: Unauthorized","message":""}');
    expect(Buffer.byteLength(body)).toBe(43);
    const plain = await fetch(`${sim.origin}/api/not`);
    expect(await plain.text()).toBe("401: Unauthorized\n\n\n");
    const wrongKey = await fetch(`${sim.origin}/api/not`, { headers: { "x-api-key": "nope" } });
    expect(wrongKey.headers.get("www-authenticate")).toBe('ApiKey realm="Printer API"');
    expect((await fetch(`${sim.origin}/api/not`, { headers: key() })).status).toBe(404);
    expect((await fetch(`${sim.origin}/`)).status).toBe(200); // static UI needs no auth
  });

  it("streams JSON chunked and answers 204 without a job or transfer", async () => {
    const status = await rawRequest("GET", "/api/v1/status", key());
    expect(status.headers["transfer-encoding"]).toBe("chunked");
    expect(status.headers["content-length"]).toBeUndefined();
    expect((await rawRequest("GET", "/api/v1/job", key())).status).toBe(204);
    expect((await rawRequest("GET", "/api/v1/transfer", key())).status).toBe(204);
  });

  it("applies job id and state rules (400, 404, 409, 204)", async () => {
    sim.startPrint("/usb/GHOST_~1.BGC");
    const id = sim.engine.currentJob!.id;
    expect((await rawRequest("PUT", "/api/v1/job/abc/pause", key())).status).toBe(400);
    expect((await rawRequest("PUT", `/api/v1/job/${id + 1}/pause`, key())).status).toBe(404);
    expect((await rawRequest("PUT", `/api/v1/job/${id}/continue`, key())).status).toBe(400);
    expect((await rawRequest("PUT", `/api/v1/job/${id}/resume`, key())).status).toBe(409);
    expect((await rawRequest("PUT", `/api/v1/job/${id}/pause`, key())).status).toBe(204);
    expect((await rawRequest("DELETE", `/api/v1/job/${id}`, key())).status).toBe(204);
    expect(sim.engine.printerState).toBe("STOPPED");
  });

  it("serves folder ETags with 304, HEAD, 403 outside /usb and 414 for long URLs", async () => {
    const first = await rawRequest("GET", "/api/v1/files/usb", key());
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"\d+"$/);
    expect((await rawRequest("GET", "/api/v1/files/usb/", { ...key(), "if-none-match": etag })).status).toBe(
      304,
    );
    const head = await rawRequest("HEAD", "/api/v1/files/usb", key());
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(etag);
    expect((await rawRequest("GET", "/api/v1/files/local", key())).status).toBe(403);
    expect((await rawRequest("GET", `/api/v1/files/usb/${"a".repeat(170)}.gcode`, key())).status).toBe(414);
    expect(
      (await rawRequest("GET", "/api/v1/files/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode", key())).body,
    ).toContain('"name":"PAINTI~1.BGC"');
  });

  it("uploads by PUT with Buddy's status codes, then prints", async () => {
    const file = makeSampleBgcode("upload_test_0.4n_0.2mm_PLA_MK4_5m.bgcode", 300, 4, 1024).bytes;
    const path = "/api/v1/files/usb/parts/upload_test_0.4n_0.2mm_PLA_MK4_5m.bgcode";
    // No Content-Length (chunked) → 411, and the connection is closed for bodies ≥ 300.
    const chunked = await rawRequest("PUT", path, { ...key(), "transfer-encoding": "chunked" }, file);
    expect(chunked.status).toBe(411);
    expect(chunked.headers.connection).toBe("close");
    expect(
      (
        await rawRequest(
          "PUT",
          "/api/v1/files/usb/notes.txt",
          { ...key(), "content-length": "3" },
          Buffer.from("abc"),
        )
      ).status,
    ).toBe(415);
    expect(
      (await rawRequest("PUT", "/api/v1/files/usb/empty.gcode", { ...key(), "content-length": "0" })).status,
    ).toBe(501);
    const created = await rawRequest(
      "PUT",
      path,
      { ...key(), "content-length": String(file.length), "print-after-upload": "?1" },
      file,
    );
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({
      name: "UPLOAD~1.BGC",
      display_name: "upload_test_0.4n_0.2mm_PLA_MK4_5m.bgcode",
      type: "PRINT_FILE",
      size: file.length,
    });
    expect(sim.engine.printerState).toBe("PRINTING");
    const again = await rawRequest("PUT", path, { ...key(), "content-length": String(file.length) }, file);
    expect(again.status).toBe(409);
    expect(again.body).toContain("File already exists");
    expect((await rawRequest("DELETE", "/api/v1/files/usb/PARTS/UPLOAD~1.BGC", key())).status).toBe(409); // being printed
    const thumb = await rawRequest("GET", "/thumb/l/usb/PARTS/UPLOAD~1.BGC", key());
    expect(thumb.status).toBe(200);
    expect(thumb.headers["content-type"]).toBe("image/png");
  });

  it("control endpoint: faults and counters from another process's view", async () => {
    control = await startControlServer(() => [sim]);
    const base = `http://${control.host}:${control.port}/printers/${encodeURIComponent(sim.name)}`;
    const set = await fetch(`${base}/faults`, {
      method: "POST",
      body: JSON.stringify({ failWith: { status: 500, count: 1 } }),
    });
    expect(set.status).toBe(200);
    expect((await fetch(`${sim.origin}/api/v1/status`, { headers: key() })).status).toBe(500);
    expect((await fetch(`${sim.origin}/api/v1/status`, { headers: key() })).status).toBe(200);
    expect(
      (await fetch(`${base}/faults`, { method: "POST", body: JSON.stringify({ explode: true }) })).status,
    ).toBe(400);
    const state = (await (await fetch(base)).json()) as {
      counters: { requests: number; statuses: Record<string, number> };
    };
    expect(state.counters.statuses["500"]).toBe(1);
    await fetch(`${base}/go-away`, { method: "POST" });
    await expect(fetch(`${sim.origin}/api/version`, { headers: key() })).rejects.toThrow();
    await fetch(`${base}/come-back`, { method: "POST" });
    expect((await fetch(`${sim.origin}/api/version`, { headers: key() })).status).toBe(200);
  });

  it("scripted poison answers: chosen bodies for the next N requests of a path, in-process and over the control endpoint", async () => {
    sim.answerNext("/api/v1/status", { body: '{"printer": {"state": "PRINT' }, 2);
    for (let i = 0; i < 2; i++)
      expect(await (await fetch(`${sim.origin}/api/v1/status`, { headers: key() })).text()).toBe(
        '{"printer": {"state": "PRINT',
      );
    expect(
      (
        (await (await fetch(`${sim.origin}/api/v1/status`, { headers: key() })).json()) as {
          printer: { state: string };
        }
      ).printer.state,
    ).toBe("IDLE");
    // Still behind authentication, like every real answer.
    sim.answerNext("/api/v1/job", { status: 200, body: { id: -1 } });
    expect((await fetch(`${sim.origin}/api/v1/job`)).status).toBe(401);
    expect(sim.pendingAnswers("/api/v1/job")).toBe(1);
    sim.clearAnswers();
    control = await startControlServer(() => [sim]);
    const base = `http://${control.host}:${control.port}/printers/${encodeURIComponent(sim.name)}`;
    const poisoned = await fetch(`${base}/poison`, {
      method: "POST",
      body: JSON.stringify({
        path: "/api/v1/job",
        answers: [
          { status: 200, body: { id: 1, state: "EXPLODED" } },
          { status: 500, body: "boom" },
        ],
      }),
    });
    expect(poisoned.status).toBe(200);
    expect(await (await fetch(`${sim.origin}/api/v1/job`, { headers: key() })).json()).toEqual({
      id: 1,
      state: "EXPLODED",
    });
    expect((await fetch(`${sim.origin}/api/v1/job`, { headers: key() })).status).toBe(500);
    expect(
      (
        await fetch(`${base}/poison`, {
          method: "POST",
          body: JSON.stringify({ path: "no-slash", answers: [] }),
        })
      ).status,
    ).toBe(400);
  });
});
