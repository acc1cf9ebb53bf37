// A LiveStatus row's `status` JSON read back as the printers package's model. The worker
// writes it (PrinterMemory.toRow: the normalized PrinterStatus plus the adapter's health), but
// a row may be older than the current model, or written by hand: every field is checked on
// its own and one that does not fit is left out (a bad filament slot drops that slot, not the
// list), so a malformed row gives a sane partial model and never throws.
import type { z } from "zod";
import {
  FilamentSlotSchema,
  JobSchema,
  MODEL_LIMITS,
  PrinterErrorSchema,
  PrinterStatusSchema,
  TemperatureSchema,
  type FilamentSlot,
  type Job,
  type PrinterError,
  type PrinterStatus,
  type Temperature,
  type Temperatures,
} from "@printernizer/printers";

export type CircuitState = "closed" | "open" | "half-open";

/** The adapter's connection health as the worker stored it next to the status. */
export interface StoredHealth {
  circuit: CircuitState | null;
  reconnects: number | null;
  healthy: boolean | null;
}

/** The model as far as the row holds it: lists always present (maybe empty), the rest when stored and valid. */
export type StoredStatus = Partial<Omit<PrinterStatus, "job" | "temperatures" | "filament" | "errors">> & {
  /** The job as stored; only the fields that fit the model. */
  job?: Partial<Job>;
  temperatures: Temperatures;
  filament: FilamentSlot[];
  errors: PrinterError[];
  health: StoredHealth;
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Each field of `shape` that `value` has and that fits its schema. */
function validFields<T>(shape: z.ZodRawShape, value: unknown): Partial<T> {
  if (!isObject(value)) return {};
  const out: Json = {};
  for (const [key, schema] of Object.entries(shape)) {
    if (!Object.hasOwn(value, key)) continue;
    const parsed = (schema as z.ZodType).safeParse(value[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as Partial<T>;
}

/** The entries of a list that fit `schema`, at most `max` of them. */
function validEntries<T>(schema: z.ZodType<T>, value: unknown, max: number): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const item of value.slice(0, max)) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

function temperature(value: unknown): Temperature | undefined {
  const parsed = validFields<Temperature>(TemperatureSchema.shape, value);
  return isObject(value) ? parsed : undefined;
}

function temperatures(value: unknown): Temperatures {
  if (!isObject(value)) return {};
  const out: Temperatures = {};
  for (const key of ["nozzle", "bed", "chamber"] as const) {
    const t = temperature(value[key]);
    if (t) out[key] = t;
  }
  if (Array.isArray(value.nozzles))
    out.nozzles = value.nozzles.slice(0, MODEL_LIMITS.nozzles).map((n) => temperature(n) ?? {});
  return out;
}

/** Stored as an ISO string (JSON has no dates); a Date is accepted too. */
function date(value: unknown): Date | undefined {
  if (!(typeof value === "string" || value instanceof Date)) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function readHealth(value: unknown): StoredHealth {
  const health = isObject(value) ? value : {};
  const circuit =
    health.circuit === "closed" || health.circuit === "open" || health.circuit === "half-open"
      ? health.circuit
      : null;
  return {
    circuit,
    reconnects:
      typeof health.reconnects === "number" && Number.isFinite(health.reconnects) ? health.reconnects : null,
    healthy: typeof health.healthy === "boolean" ? health.healthy : null,
  };
}

const scalarShape = PrinterStatusSchema.omit({
  job: true,
  temperatures: true,
  filament: true,
  errors: true,
  lastCommunication: true,
}).shape;

/** Only the adapter's health of a LiveStatus row's `status` column; never throws. */
export function parseStoredHealth(value: unknown): StoredHealth {
  return readHealth(isObject(value) ? value.health : undefined);
}

/** A LiveStatus row's `status` column as the model; never throws. */
export function parseStoredStatus(value: unknown): StoredStatus {
  const stored = isObject(value) ? value : {};
  const job = isObject(stored.job) ? validFields<Job>(JobSchema.shape, stored.job) : undefined;
  const lastCommunication = date(stored.lastCommunication);
  return {
    ...validFields<StoredStatus>(scalarShape, stored),
    ...(job ? { job } : {}),
    ...(lastCommunication ? { lastCommunication } : {}),
    temperatures: temperatures(stored.temperatures),
    filament: validEntries(FilamentSlotSchema, stored.filament, MODEL_LIMITS.filament),
    errors: validEntries(PrinterErrorSchema, stored.errors, MODEL_LIMITS.errors),
    health: readHealth(stored.health),
  };
}
