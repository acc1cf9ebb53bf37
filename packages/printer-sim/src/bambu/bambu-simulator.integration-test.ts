// Wire behaviour of the Bambu simulator that the adapter tests cannot show: the FTPS server
// refuses a protected data connection that does not resume the control session (vsFTPd's
// require_ssl_reuse), and both servers speak TLS 1.2 only with a certificate whose CN is the serial
// (a kept one when given, as the demo farm does across restarts).
import { X509Certificate } from "node:crypto";
import { connect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator } from "./bambu-simulator";

let sim: BambuSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function tlsTo(port: number, options: ConnectionOptions = {}): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...options }, () =>
      resolve(socket),
    );
    socket.once("error", reject);
  });
}

function lines(socket: TLSSocket): () => Promise<string> {
  let buffer = "";
  const waiting: Array<(line: string) => void> = [];
  const ready: string[] = [];
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let index;
    while ((index = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      const next = waiting.shift();
      if (next) next(line);
      else ready.push(line);
    }
  });
  return () =>
    ready.length > 0 ? Promise.resolve(ready.shift()!) : new Promise((resolve) => waiting.push(resolve));
}

describe("Bambu simulator wire behaviour", () => {
  it("FTPS: a data connection without TLS session reuse is refused with 522; with reuse it works", async () => {
    sim = await new BambuSimulator({ model: "P1S" }).start();
    const control = await tlsTo(sim.ftpPort);
    const next = lines(control);
    const send = async (command: string) => {
      control.write(`${command}\r\n`);
      return next();
    };
    expect(await next()).toMatch(/^220/);
    expect(await send("USER bblp")).toMatch(/^331/);
    expect(await send(`PASS ${sim.accessCode}`)).toMatch(/^230/);
    expect(await send("PBSZ 0")).toMatch(/^200/);
    expect(await send("PROT P")).toMatch(/^200/);

    const epsvPort = (reply: string) => Number(/\(\|\|\|(\d+)\|\)/.exec(reply)![1]);
    // A new TLS session on the data port: the server drops it right after its handshake.
    const fresh = connect({
      host: "127.0.0.1",
      port: epsvPort(await send("EPSV")),
      rejectUnauthorized: false,
    });
    fresh.on("error", () => undefined);
    expect(await send("NLST /")).toMatch(/^150/);
    expect(await next()).toMatch(/^522/);
    expect(sim.counters().refusedFtpDataConnections).toBe(1);

    const reused = await tlsTo(epsvPort(await send("EPSV")), { session: control.getSession()! });
    expect(reused.isSessionReused()).toBe(true);
    let listing = "";
    reused.on("data", (chunk: Buffer) => (listing += chunk.toString("utf8")));
    expect(await send("NLST /cache")).toMatch(/^150/);
    expect(await next()).toMatch(/^226/);
    expect(listing.trim()).toBe("Garden Hose Healer.3mf"); // P1: bare names
    control.destroy();
  });

  it("MQTT and FTPS: TLS 1.2 only, certificate CN = serial", async () => {
    sim = await new BambuSimulator({ model: "X1C" }).start();
    for (const port of [sim.mqttPort, sim.ftpPort]) {
      const socket = await tlsTo(port, { servername: sim.serial });
      expect(socket.getProtocol()).toBe("TLSv1.2");
      const cert = new X509Certificate(socket.getPeerX509Certificate()!.raw);
      expect(cert.subject).toContain(`CN=${sim.serial}`);
      expect(cert.fingerprint256).toBe(sim.certificateFingerprint);
      socket.destroy();
      await expect(tlsTo(port, { minVersion: "TLSv1.3" })).rejects.toThrow();
    }
  });

  it("a printer started again with its kept certificate presents the same one on both ports", async () => {
    const first = await new BambuSimulator({ model: "P1S" }).start();
    const kept = first.certificatePem!;
    const fingerprint = first.certificateFingerprint;
    await first.stop();
    sim = await new BambuSimulator({ model: "P1S", serial: first.serial, certificate: kept }).start();
    expect(sim.certificateFingerprint).toBe(fingerprint);
    for (const port of [sim.mqttPort, sim.ftpPort]) {
      const socket = await tlsTo(port, { servername: sim.serial });
      expect(new X509Certificate(socket.getPeerX509Certificate()!.raw).fingerprint256).toBe(fingerprint);
      socket.destroy();
    }
  });
});
