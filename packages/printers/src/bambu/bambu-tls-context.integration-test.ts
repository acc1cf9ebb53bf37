// Every Bambu connection shares one TLS context per CA bundle (a context per connection cost each
// printer ~25 KiB and ~0.8 ms), and the shared context still holds the rules: TLS 1.2 only, and
// with a CA bundle the chain is verified.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type SecureVersion } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { issueDeviceCertificate } from "@printernizer/printer-sim/bambu";
import { PrinterConnectionError } from "../core/errors";
import { bambuTlsOptions, connectVerified } from "./bambu-certificate";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(serial: string, versions: { min: SecureVersion; max: SecureVersion }) {
  const cert = await issueDeviceCertificate(serial);
  const server = createServer({
    key: cert.key,
    cert: cert.cert,
    minVersion: versions.min,
    maxVersion: versions.max,
  });
  server.on("secureConnection", (socket) => socket.end());
  server.listen(0, "127.63.0.1");
  await once(server, "listening");
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, cert };
}

describe("the shared Bambu TLS context", () => {
  it("is one object per CA bundle, whatever the printer", () => {
    const a = bambuTlsOptions({ serial: "01S00A000000001" });
    const b = bambuTlsOptions({ serial: "01S00A000000002", pinned: "AB:CD" });
    expect(a.secureContext).toBeDefined();
    expect(b.secureContext).toBe(a.secureContext);
    expect(a.servername).toBe("01S00A000000001");
    expect(b.servername).toBe("01S00A000000002");
    const withCa = bambuTlsOptions({ serial: "01S00A000000003", caBundle: "-----BEGIN CERTIFICATE-----" });
    expect(withCa.secureContext).not.toBe(a.secureContext);
  });

  it("speaks TLS 1.2 and refuses a 1.3-only peer", async () => {
    const serial = "01S00A000000010";
    const tls12 = await serve(serial, { min: "TLSv1.2", max: "TLSv1.2" });
    const ok = await connectVerified("127.63.0.1", tls12.port, { serial }, AbortSignal.timeout(10_000));
    expect(ok.socket.getProtocol()).toBe("TLSv1.2");
    expect(ok.fingerprint).toBe(tls12.cert.fingerprint256);
    ok.socket.destroy();

    const tls13 = await serve(serial, { min: "TLSv1.3", max: "TLSv1.3" });
    await expect(
      connectVerified("127.63.0.1", tls13.port, { serial }, AbortSignal.timeout(10_000)),
    ).rejects.toBeInstanceOf(PrinterConnectionError);
  });
});
