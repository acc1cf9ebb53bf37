// A camera closed while its TLS connection was being handed over (the abort came after the
// handshake's own listener was gone): the attempt ends at once and drops the printer connection,
// instead of streaming on until the printer goes quiet.
import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";

const socket = Object.assign(new EventEmitter(), {
  write: vi.fn(),
  destroy: vi.fn(),
});
const controller = new AbortController();

vi.mock("../bambu-certificate", () => ({
  connectVerified: async () => {
    controller.abort(); // close() lands between the handshake and the attempt's own listener
    return { socket, fingerprint: "AA" };
  },
}));

const { chamberImageAttempt } = await import("./chamber-image-client");

describe("chamberImageAttempt", () => {
  it("ends at once when closed while the connection was handed over", async () => {
    const attempt = chamberImageAttempt({
      host: "127.0.0.1",
      port: 6000,
      accessCode: "12345678",
      trust: () => ({ serial: "01P00A000000000" }),
      connectTimeoutMs: 10_000,
      stallMs: 60_000,
    });
    const outcome = attempt(controller.signal, () => undefined).then(() => "ended");
    const waited = new Promise((resolve) => setTimeout(() => resolve("still streaming"), 300));
    expect(await Promise.race([outcome, waited])).toBe("ended");
    expect(socket.destroy).toHaveBeenCalled();
  });
});
