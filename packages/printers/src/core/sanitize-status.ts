// Brings a normalized status (or job, file, event) within the model's bounds (core/model.ts):
// strings cleaned and capped, lists capped, counts and durations whole numbers within a 32-bit
// Int, temperatures and percentages within what a printer can report. A value out of range is
// dropped (unknown), not clamped to a plausible-looking lie; progress alone is clamped to 0..100.
// Applied by ChangePublisher to everything an adapter publishes, whatever its protocol.
import type { PrinterEvent } from "./events";
import { INT32_MAX, MODEL_LIMITS } from "./model";
import type {
  FilamentSlot,
  Job,
  PrinterError,
  PrinterStatus,
  RemoteFile,
  Temperature,
  Temperatures,
} from "./model";
import { cleanText, JsonDepthError, modelLimits, sanitizeJson } from "./sanitize";

type Bounds = { min: number; max: number };

function inRange(value: number | undefined, bounds: Bounds): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= bounds.min && value <= bounds.max
    ? value
    : undefined;
}

/** A count or duration for a 32-bit Int column: rounded, 0..2^31-1, else undefined. */
export function int32(value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return inRange(Math.round(value), { min: 0, max: INT32_MAX });
}

function percent(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : undefined;
}

function str(value: string | undefined, max: number = MODEL_LIMITS.text): string | undefined {
  return value === undefined ? undefined : cleanText(value, max);
}

/** Copies `source` without the keys whose value is undefined (the model never stores explicit undefined). */
function defined<T extends object>(source: T): T {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined)) as T;
}

function temperature(value: Temperature): Temperature {
  return defined({
    current: inRange(value.current, MODEL_LIMITS.temperature),
    target: inRange(value.target, MODEL_LIMITS.temperature),
  });
}

function temperatures(value: Temperatures): Temperatures {
  return defined({
    nozzle: value.nozzle && temperature(value.nozzle),
    nozzles: value.nozzles?.slice(0, MODEL_LIMITS.nozzles).map(temperature),
    bed: value.bed && temperature(value.bed),
    chamber: value.chamber && temperature(value.chamber),
  });
}

export function sanitizeJob(job: Job): Job {
  return defined({
    id: cleanText(job.id),
    name: cleanText(job.name),
    displayName: str(job.displayName),
    state: job.state,
    progress: percent(job.progress),
    layer: int32(job.layer),
    totalLayers: int32(job.totalLayers),
    elapsedSeconds: int32(job.elapsedSeconds),
    remainingSeconds: int32(job.remainingSeconds),
    fileSize: inRange(job.fileSize === undefined ? undefined : Math.round(job.fileSize), {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    }),
    thumbnailRef: str(job.thumbnailRef, MODEL_LIMITS.path),
  });
}

function slot(value: FilamentSlot): FilamentSlot | undefined {
  const unit: FilamentSlot["unit"] | undefined = value.unit === "external" ? "external" : int32(value.unit);
  const index = int32(value.slot);
  if (unit === undefined || index === undefined || unit !== value.unit || index !== value.slot)
    return undefined;
  return defined({
    unit,
    slot: index,
    material: str(value.material),
    color: str(value.color),
    remainingPercent: inRange(value.remainingPercent, { min: 0, max: 100 }),
    trayId: inRange(int32(value.trayId), { min: 0, max: 255 }),
    state: value.state,
    extruder: inRange(int32(value.extruder), { min: 0, max: 15 }),
    active: value.active,
  });
}

function filamentSlots(slots: readonly FilamentSlot[]): FilamentSlot[] {
  return slots
    .slice(0, MODEL_LIMITS.filament)
    .map(slot)
    .filter((s): s is FilamentSlot => s !== undefined);
}

function printerError(value: PrinterError): PrinterError {
  return defined({
    code: cleanText(value.code),
    severity: value.severity,
    message: str(value.message),
    module: str(value.module),
    url: str(value.url),
  });
}

export function sanitizeStatus(status: PrinterStatus): PrinterStatus {
  const speed =
    status.speedLevel === undefined
      ? undefined
      : inRange(Math.round(status.speedLevel), MODEL_LIMITS.speedLevel);
  return defined({
    state: status.state,
    rawState: str(status.rawState),
    job: status.job && sanitizeJob(status.job),
    temperatures: temperatures(status.temperatures),
    filament: filamentSlots(status.filament),
    errors: status.errors.slice(0, MODEL_LIMITS.errors).map(printerError),
    firmware: str(status.firmware),
    wifiSignalDbm: inRange(status.wifiSignalDbm, MODEL_LIMITS.wifiDbm),
    speedLevel: speed,
    lightOn: status.lightOn,
    nozzleDiameter: inRange(status.nozzleDiameter, { min: 0.05, max: 3 }),
    camera: camera(status.camera),
    lastCommunication: status.lastCommunication,
  });
}

const cameraTransports: readonly unknown[] = ["chamber_image", "rtsps"];
const liveViews: readonly unknown[] = ["on", "off", "unknown"];

/** A fresh copy with only the model's values; anything else is no camera field. */
function camera(value: PrinterStatus["camera"]): PrinterStatus["camera"] {
  if (!value || !cameraTransports.includes(value.transport) || !liveViews.includes(value.liveView))
    return undefined;
  return { transport: value.transport, liveView: value.liveView };
}

export function sanitizeFiles(files: readonly RemoteFile[]): RemoteFile[] {
  return files.slice(0, MODEL_LIMITS.files).map((file) =>
    defined({
      ...file,
      name: cleanText(file.name),
      displayName: str(file.displayName),
      path: cleanText(file.path, MODEL_LIMITS.path),
      size: inRange(file.size, { min: 0, max: Number.MAX_SAFE_INTEGER }),
      modified: file.modified && !Number.isNaN(file.modified.getTime()) ? file.modified : undefined,
      thumbnailRef: str(file.thumbnailRef, MODEL_LIMITS.path),
    }),
  );
}

/**
 * Any event within bounds: statuses and jobs through the functions above, every other string
 * (protocol error messages quote the payload) cleaned and capped, details bounded.
 */
export function sanitizeEvent(event: PrinterEvent): PrinterEvent {
  switch (event.type) {
    case "printer_status_updated":
      return { ...event, status: sanitizeStatus(event.status) };
    case "job_progress_updated":
    case "job_started":
    case "job_paused":
    case "job_resumed":
    case "job_completed":
    case "job_failed":
    case "job_cancelled":
    case "job_vanished":
      return { ...event, job: sanitizeJob(event.job) };
    case "temperature_updated":
      return { ...event, temperatures: temperatures(event.temperatures) };
    case "ams_status_updated":
      return { ...event, filament: filamentSlots(event.filament) };
    case "printer_error":
      return { ...event, errors: event.errors.slice(0, MODEL_LIMITS.errors).map(printerError) };
    default:
      return boundedJson(event) as PrinterEvent;
  }
}

function boundedJson(event: PrinterEvent): unknown {
  try {
    return sanitizeJson(event, modelLimits);
  } catch (error) {
    if (!(error instanceof JsonDepthError)) throw error;
    // Only `detail` can nest; the event without it still says what happened.
    const { detail: _dropped, ...rest } = event as PrinterEvent & { detail?: unknown };
    return sanitizeJson(rest, modelLimits);
  }
}
