// Events an adapter publishes. The worker implements `PrinterEventSink` (persist + notify);
// tests implement it with an array. Adapters publish on change, never on every poll.
import type { Job, PrinterError, PrinterStatus, FilamentSlot, Temperatures } from "./model";
import type { PrinterErrorKind } from "./errors";

export type PrinterEvent =
  | { type: "printer_connected"; identity?: { model?: string; firmware?: string; serial?: string } }
  | {
      type: "printer_connection_failed";
      error: { kind: PrinterErrorKind; message: string };
      attempt: number;
      retryInMs: number;
    }
  | { type: "printer_disconnected"; reason?: string }
  | { type: "printer_connection_lost"; reason: string }
  | { type: "printer_auth_error"; message: string }
  | { type: "printer_status_updated"; status: PrinterStatus; previousState?: PrinterStatus["state"] }
  | { type: "job_progress_updated"; job: Job }
  | { type: "temperature_updated"; temperatures: Temperatures }
  | { type: "ams_status_updated"; filament: FilamentSlot[] }
  | { type: "printer_error"; errors: PrinterError[] }
  | { type: "printer_protocol_error"; message: string; detail?: unknown }
  | {
      /** One field of a payload had an unexpected shape and was dropped; the rest was used. */
      type: "printer_protocol_warning";
      message: string;
      /** The field, e.g. `print.ams.ams[0].tray[2].remain`; `source` names the endpoint when there are several. */
      path: string;
      source?: string;
      /** The JSON type found (string, number, boolean, null, array, object, missing) and what was expected. */
      valueType: string;
      expected: string;
    }
  | { type: "job_cancel_requested"; jobId?: string }
  | { type: "job_started"; job: Job }
  | { type: "job_paused"; job: Job }
  | { type: "job_resumed"; job: Job }
  | { type: "job_completed"; job: Job }
  | { type: "job_failed"; job: Job }
  | { type: "job_cancelled"; job: Job }
  /** The job is gone and the printer never said how it ended (its outcome is unknown). */
  | { type: "job_vanished"; job: Job };

export type PrinterEventType = PrinterEvent["type"];

export interface PrinterEventEnvelope<E extends PrinterEvent = PrinterEvent> {
  printerId: string;
  at: Date;
  event: E;
}

export interface PrinterEventSink {
  publish(envelope: PrinterEventEnvelope): void;
}
