// Trust for Bambu's self-signed-CA certificates. Printers present a certificate with CN = serial
// signed by Bambu's private CA. We pin it on first use: the SHA-256 fingerprint recorded when the
// printer was added must match on every later connection (MQTT and FTPS alike); a different one
// is refused with a PrinterCertificateError carrying the presented fingerprint, so an admin can
// re-trust it. With a CA bundle in config, the chain and CN = serial are verified as well.
// The check happens after the TLS handshake and BEFORE any credential is sent.
import {
  createSecureContext,
  connect as tlsConnect,
  type ConnectionOptions,
  type PeerCertificate,
  type SecureContext,
  type TLSSocket,
} from "node:tls";
import { PrinterCertificateError, PrinterConnectionError, PrinterTimeoutError } from "../core/errors";

export interface TrustSettings {
  serial: string;
  /** Pinned fingerprint (config or learned this session). */
  pinned?: string | undefined;
  caBundle?: string | undefined;
  printerId?: string | undefined;
}

/** Upper-case hex with colons, whatever separators or case the admin pasted. */
export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-f]/gi, "").toUpperCase();
  return hex.match(/.{2}/g)?.join(":") ?? "";
}

/**
 * One TLS context per CA bundle (none: the default roots), shared by every connection: a context
 * of its own per connection cost each Bambu printer about 25 KiB and 0.8 ms of CPU to create.
 */
const contexts = new Map<string, SecureContext>();
const maxContexts = 32;

function sharedContext(caBundle: string | undefined): SecureContext {
  const key = caBundle ?? "";
  let context = contexts.get(key);
  if (!context) {
    // TLS 1.2 only: brokers refuse or hang on 1.3.
    context = createSecureContext({
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
      ...(caBundle ? { ca: caBundle } : {}),
    });
    if (contexts.size >= maxContexts) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  return context;
}

/** TLS options every Bambu connection uses: TLS 1.2 only, the shared context of its CA bundle. */
export function bambuTlsOptions(trust: TrustSettings): ConnectionOptions {
  return {
    secureContext: sharedContext(trust.caBundle),
    // Verification is done by `verifyPeer` (pinning, optional CA), not by node's hostname check:
    // the certificate names the serial, never the IP address we connect to.
    rejectUnauthorized: false,
    servername: trust.serial,
  };
}

/** Checks the peer of an established TLS socket; returns its fingerprint or throws. */
export function verifyPeer(socket: TLSSocket, trust: TrustSettings): string {
  const cert: PeerCertificate = socket.getPeerCertificate();
  const presented = cert.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : "";
  const meta = { printerId: trust.printerId, presentedFingerprint: presented };
  if (!presented) throw new PrinterCertificateError("the printer presented no certificate", { meta });
  if (trust.caBundle) {
    if (!socket.authorized) {
      throw new PrinterCertificateError(
        `certificate not signed by the configured CA (${String(socket.authorizationError)})`,
        { meta },
      );
    }
    const cn = Array.isArray(cert.subject?.CN) ? cert.subject.CN[0] : cert.subject?.CN;
    if (cn !== trust.serial)
      throw new PrinterCertificateError(
        `certificate is for "${cn ?? "?"}", expected the serial ${trust.serial}`,
        { meta },
      );
  }
  if (trust.pinned && normalizeFingerprint(trust.pinned) !== presented) {
    throw new PrinterCertificateError(
      `the printer presented a different certificate (SHA-256 ${presented}) than the one trusted when it was added; if the printer was reset or replaced, re-trust it`,
      { meta: { ...meta, pinnedFingerprint: normalizeFingerprint(trust.pinned) } },
    );
  }
  return presented;
}

/** Opens a TLS connection and verifies the peer before anything is written. */
export function connectVerified(
  host: string,
  port: number,
  trust: TrustSettings,
  signal: AbortSignal,
): Promise<{ socket: TLSSocket; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new PrinterTimeoutError(`TLS connection to ${host}:${port} timed out`));
      return;
    }
    const socket = tlsConnect({ host, port, ...bambuTlsOptions(trust) });
    const onAbort = () => fail(new PrinterTimeoutError(`TLS connection to ${host}:${port} timed out`));
    const fail = (error: Error) => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", (error) =>
      fail(
        new PrinterConnectionError(`cannot reach ${host}:${port}: ${error.message}`, {
          cause: error,
          meta: { printerId: trust.printerId },
        }),
      ),
    );
    socket.once("secureConnect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.removeAllListeners("error");
      // Errors from here on reach the MQTT/FTP client's own listener; this one keeps a late
      // error in the hand-over gap from becoming an uncaught exception.
      socket.on("error", () => undefined);
      try {
        resolve({ socket, fingerprint: verifyPeer(socket, trust) });
      } catch (error) {
        socket.destroy();
        reject(error as Error);
      }
    });
  });
}
