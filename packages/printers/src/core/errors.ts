// The small, discriminated set of integration errors. `kind` is what the UI maps to a message.
export type PrinterErrorKind =
  | "connection"
  | "authentication"
  | "certificate"
  | "download"
  | "http"
  | "mqtt"
  | "protocol"
  | "timeout"
  | "conflict"
  | "unsupported"
  | "developer_mode";

export interface PrinterErrorMeta {
  printerId?: string;
  [key: string]: unknown;
}

export class PrinterIntegrationError extends Error {
  readonly kind: PrinterErrorKind = "connection";
  readonly meta: PrinterErrorMeta;
  constructor(message: string, options: { cause?: unknown; meta?: PrinterErrorMeta } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.meta = options.meta ?? {};
  }
}

export class PrinterConnectionError extends PrinterIntegrationError {
  override readonly kind: PrinterErrorKind = "connection";
}
export class PrinterAuthenticationError extends PrinterIntegrationError {
  override readonly kind = "authentication" as const;
}
export class PrinterCertificateError extends PrinterIntegrationError {
  override readonly kind = "certificate" as const;
}
export class PrinterDownloadError extends PrinterIntegrationError {
  override readonly kind = "download" as const;
}
export class PrinterHttpError extends PrinterIntegrationError {
  override readonly kind = "http" as const;
  constructor(
    message: string,
    readonly status: number,
    options: { cause?: unknown; meta?: PrinterErrorMeta } = {},
  ) {
    super(message, options);
  }
}
export class PrinterMqttError extends PrinterIntegrationError {
  override readonly kind = "mqtt" as const;
}
/** An upstream payload failed validation. */
export class PrinterProtocolError extends PrinterIntegrationError {
  override readonly kind = "protocol" as const;
}
export class PrinterTimeoutError extends PrinterIntegrationError {
  override readonly kind = "timeout" as const;
}
/** The printer refused the request: busy, wrong state, etc. `message` carries the printer's reason. */
export class PrinterConflictError extends PrinterIntegrationError {
  override readonly kind = "conflict" as const;
}
export class PrinterUnsupportedError extends PrinterIntegrationError {
  override readonly kind = "unsupported" as const;
}
/** Bambu: a write was silently ignored because LAN Developer Mode is off. */
export class PrinterDeveloperModeError extends PrinterIntegrationError {
  override readonly kind = "developer_mode" as const;
}

export function isPrinterIntegrationError(error: unknown): error is PrinterIntegrationError {
  return error instanceof PrinterIntegrationError;
}
