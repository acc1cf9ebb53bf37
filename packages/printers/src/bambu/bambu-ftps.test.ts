// An FTPS operation asked with a signal that already aborted (a command given up, or the stream's
// reader gone, while an earlier step ran) must not reach the printer: basic-ftp reopens a client
// closed before it connects, and an aborted signal fires no "abort" event any more.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PrinterTimeoutError } from "../core/errors";
import { BambuFtps } from "./bambu-ftps";

let server: Server | undefined;
const sockets: Socket[] = [];

/** A port that accepts connections and never says a word (a printer whose FTP server hangs). */
async function silentPort(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  server = createServer((socket) => {
    accepted += 1;
    sockets.push(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { port: address.port, accepted: () => accepted };
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function ftpsAt(port: number): BambuFtps {
  return new BambuFtps({
    host: "127.0.0.1",
    port,
    accessCode: "12345678",
    trust: () => ({ serial: "01S00A000000000" }),
    timeoutMs: 30_000,
    printerId: "p1",
  });
}

describe("BambuFtps with an already aborted signal", () => {
  it.each([
    ["connect", (ftps: BambuFtps, signal: AbortSignal) => ftps.connect(signal)],
    ["list", (ftps: BambuFtps, signal: AbortSignal) => ftps.list(signal)],
    [
      "fetchFirst",
      (ftps: BambuFtps, signal: AbortSignal) => ftps.fetchFirst(["/a.3mf"], "/dev/null", 1, signal),
    ],
  ])("%s fails at once without contacting the printer", async (_name, run) => {
    const { port, accepted } = await silentPort();
    const outcome = run(ftpsAt(port), AbortSignal.abort()).then(
      () => "resolved",
      (error: unknown) => error,
    );
    const waited = new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1_000));
    const result = await Promise.race([outcome, waited]);
    expect(result).toBeInstanceOf(PrinterTimeoutError);
    expect((result as Error).message).toMatch(/aborted/);
    expect(accepted()).toBe(0);
  });
});
