// The contract between web and worker for command rows: per kind, what its payload carries
// (checked when the web requests it and again when a worker claims it) and what the worker
// records as its result. One table keyed by the Prisma `CommandKind` enum, so a kind added
// there fails to compile until it has its schemas here.
import { z } from "zod";
import type { CommandKind } from "@printernizer/db";
import { PrinterIdentitySchema, type TestConnectionResult } from "@printernizer/printers";

const noPayload = z.object({});
const noResult = z.object({});

const testConnectionResult = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), identity: PrinterIdentitySchema }),
  z.object({
    ok: z.literal(false),
    reason: z.enum([
      "unreachable",
      "timeout",
      "authorization",
      "certificate",
      "protocol",
      "unsupported_firmware",
    ]),
    message: z.string(),
    certificateFingerprint: z.string().optional(),
  }),
]) satisfies z.ZodType<TestConnectionResult>;

const uploadResult = z.object({
  remotePath: z.string().max(4_096),
  /** False when the file was on the printer already (staged in advance): nothing was uploaded. */
  uploaded: z.boolean(),
  bytes: z.number().min(0),
  /** Upload time in seconds (0 when nothing was uploaded). */
  seconds: z.number().min(0),
});

/** What the worker writes to PrinterCommand.progress while a long command runs (an upload). */
export const CommandProgressDetailSchema = z.object({
  step: z.enum(["checking", "uploading", "verifying", "starting"]),
  bytesSent: z.number().min(0).optional(),
  totalBytes: z.number().min(0).optional(),
  bytesPerSecond: z.number().min(0).optional(),
  etaSeconds: z.number().min(0).optional(),
  /** A sentence for a person ("Uploading to the SD card", "Waiting for the printer to confirm the file"). */
  message: z.string().max(300).optional(),
});
export type CommandProgressDetail = z.infer<typeof CommandProgressDetailSchema>;

export const commandContract = {
  pause: { payload: noPayload, result: noResult },
  resume: { payload: noPayload, result: noResult },
  cancel: { payload: noPayload, result: noResult },
  /** Lists the printer's storage into PrinterFile rows. */
  refresh_files: { payload: noPayload, result: z.object({ files: z.number().int().min(0) }) },
  /** Fetches one file of the listing into the file store. */
  download_file: {
    payload: z.object({
      path: z
        .string({ message: "Which file? The command has no file path." })
        .min(1, "Which file? The command has no file path.")
        .max(4_096, "The file path is too long."),
    }),
    result: z.object({
      sha256: z.string(),
      size: z.number().min(0),
      fileName: z.string(),
      reused: z.boolean(),
    }),
  },
  /**
   * A throw-away adapter's testConnection with the config as typed. With a printerId the
   * payload's values go on top of the saved printer; without one (an unsaved printer) it is the
   * whole config. Credentials are sealed (CredentialCipher), never clear text.
   */
  test_connection: {
    payload: z.object({
      kind: z
        .string({ message: "The connection test has no printer kind." })
        .min(1, "The connection test has no printer kind.")
        .max(64),
      host: z
        .string({ message: "The connection test has no host." })
        .min(1, "The connection test has no host.")
        .max(255),
      port: z.number().int().min(1).max(65_535).nullish(),
      serial: z.string().max(4_000).nullish(),
      model: z.string().max(4_000).nullish(),
      credentials: z
        .string({ message: "The connection test has no credentials." })
        .min(1, "The connection test has no credentials."),
      settings: z.record(z.string(), z.unknown()).optional(),
    }),
    result: testConnectionResult,
  },
  /**
   * "Reconnect now": resets the printer's reconnect backoff (and a refused login's slow pace) and
   * tries at once. `connected` is the outcome of that attempt; when it failed, `message` says why,
   * as a sentence for a person.
   */
  reconnect: {
    payload: noPayload,
    result: z.object({ connected: z.boolean(), message: z.string().max(1_000).optional() }),
  },
  /**
   * Uploads the PrintStart's library file to the printer (unless a staged copy of the same size
   * is there) and starts it; the PrintStart row carries file, plate and options.
   */
  start_print: {
    payload: z.object({ printStartId: z.string().min(1).max(64) }),
    result: uploadResult,
  },
  /** Pre-staging: uploads a library file to the printer in advance (StagedFile row), without starting it. */
  stage_file: {
    payload: z.object({
      libraryFileId: z.string().min(1).max(64),
      queueEntryId: z.string().min(1).max(64).optional(),
    }),
    result: uploadResult,
  },
} as const satisfies { [K in CommandKind]: { payload: z.ZodType; result: z.ZodType } };

type Contract = typeof commandContract;
/** What a caller passes when requesting a command of kind K. */
export type CommandPayloadInput<K extends CommandKind> = z.input<Contract[K]["payload"]>;
/** The payload as stored and as the worker receives it. */
export type CommandPayload<K extends CommandKind> = z.output<Contract[K]["payload"]>;
export type CommandResult<K extends CommandKind> = z.output<Contract[K]["result"]>;

/** A payload that does not fit its command kind: the message says what is wrong, for a person. */
export class CommandPayloadError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "CommandPayloadError";
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** `value` (absent = `{}`) parsed by the kind's payload or result schema; CommandPayloadError when it does not fit. */
function parseOrThrow(kind: CommandKind, part: "payload" | "result", value: unknown): unknown {
  const schema: z.ZodType = commandContract[kind][part];
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success)
    throw new CommandPayloadError(
      kind,
      `The ${kind} command's ${part} does not fit: ${describeIssues(parsed.error)}`,
    );
  return parsed.data;
}

/** The payload parsed by its kind's schema; CommandPayloadError with a readable message when it does not fit. */
export function parseCommandPayload<K extends CommandKind>(kind: K, payload: unknown): CommandPayload<K> {
  return parseOrThrow(kind, "payload", payload) as CommandPayload<K>;
}

/** A stored result read back: null when absent or when it does not fit the kind (an old or foreign row). */
export function parseCommandResult<K extends CommandKind>(kind: K, result: unknown): CommandResult<K> | null {
  if (result === null || result === undefined) return null;
  const schema: z.ZodType = commandContract[kind].result;
  const parsed = schema.safeParse(result);
  return parsed.success ? (parsed.data as CommandResult<K>) : null;
}

/** The result the worker is about to record, checked against its kind (a worker bug fails the command, never stores junk). */
export function checkCommandResult<K extends CommandKind>(kind: K, result: unknown): CommandResult<K> {
  return parseOrThrow(kind, "result", result) as CommandResult<K>;
}
