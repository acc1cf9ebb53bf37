// Executes command rows. The web inserts them (pending); a worker claims one through
// @printernizer/farm/command-queue (typed by kind, so a command runs once even when several
// workers race); the worker that owns the printer executes it and records done/failed.
// Commands for printers no worker owns expire after their deadline. "reconnect" resets the
// adapter's backoff and records whether the attempt it starts at once connected. Connection tests of
// unsaved printers (no printerId) may be claimed by any worker.
import type { CommandKind, Db } from "@printernizer/db";
import {
  claimNextCommand,
  commandErrorMax,
  expireOverdueCommands,
  finishCommand,
  type ClaimedCommand,
} from "@printernizer/farm/command-queue";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import {
  isPrinterIntegrationError,
  silentLogger,
  type PrinterAdapter,
  type TestConnectionResult,
} from "@printernizer/printers";
import type { FleetSupervisor, KindDefinitions } from "../fleet/fleet-supervisor";
import { buildAdapterConfig } from "../fleet/printer-config";
import type { FileService } from "../files/file-service";
import type { LibraryUploadDeps } from "../printing/library-upload";
import { runStartPrint } from "../printing/print-start-runner";
import { runStageFile } from "../printing/stage-file-runner";
import { failPrintStart, failStartsOfEndedCommands } from "@printernizer/farm/print-start-outcome";
import { shortText, summarizeConnectionTest } from "./connection-summary";

export interface CommandExecutorOptions {
  db: Db;
  workerId: string;
  fleet: FleetSupervisor;
  kinds: KindDefinitions;
  cipher: CredentialCipher;
  files: FileService;
  /** File store and upload slots for start_print and stage_file (the worker always has them; some tests do not). */
  printing?: Omit<LibraryUploadDeps, "db">;
  logger: Logger;
  pollMs?: number;
  onExecuted?(kind: CommandKind, ms: number, ok: boolean): void;
}

class CommandFailure extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

export class CommandExecutor {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  /** Commands running now: stop() aborts them (uploads included) and waits for their outcomes. */
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: CommandExecutorOptions) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopping.abort(new Error("The worker stopped while the command ran; try again."));
    await this.draining;
    await Promise.allSettled([...this.running]);
  }

  /** Called on NOTIFY and on a timer: claims and runs commands until none is left. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.options.logger.debug({ err: error }, "command polling failed"))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    await expireOverdueCommands(this.options.db);
    // a start whose command expired (here, on another worker or in the web's wait) fails with the
    // command's reason, and a queue start gives its copy back
    await failStartsOfEndedCommands(this.options.db);
    for (;;) {
      if (this.stopped) return;
      const command = await claimNextCommand(this.options.db, {
        workerId: this.options.workerId,
        ownedPrinterIds: this.options.fleet.ownedPrinterIds(),
      });
      if (!command) return;
      if ("refused" in command) {
        this.options.logger.warn(
          {
            commandId: command.id,
            kind: command.kind,
            printerId: command.printerId,
            reason: command.refused,
          },
          "command refused",
        );
        this.options.onExecuted?.(command.kind, 0, false);
        continue;
      }
      // Run each claimed command without holding up the next claim. Recording its outcome can
      // fail (the database went away meanwhile): logged, never an unhandled rejection that
      // would end the worker; the row stays claimed and the web stops waiting for it.
      const running = this.execute(command).catch((error: unknown) =>
        this.options.logger.warn(
          { err: error, commandId: command.id, kind: command.kind },
          "command outcome not recorded",
        ),
      );
      this.running.add(running);
      void running.finally(() => this.running.delete(running));
    }
  }

  private async execute(command: ClaimedCommand): Promise<void> {
    const started = performance.now();
    const log = this.options.logger.child({
      commandId: command.id,
      kind: command.kind,
      printerId: command.printerId,
    });
    let ok = false;
    try {
      await this.run(command);
      ok = true;
      log.info("command done");
    } catch (error) {
      const kind =
        error instanceof CommandFailure
          ? error.kind
          : isPrinterIntegrationError(error)
            ? error.kind
            : "internal";
      const message = failureText(error);
      // the start did not happen: failed with the same words, a queue start's copy given back
      if (command.kind === "start_print")
        await failPrintStart(this.options.db, command.payload.printStartId, message);
      await finishCommand(this.options.db, command, { status: "failed", error: message, errorKind: kind });
      log.warn({ reason: message, errorKind: kind }, "command failed");
    } finally {
      this.options.onExecuted?.(command.kind, performance.now() - started, ok);
    }
  }

  private adapterFor(command: ClaimedCommand): PrinterAdapter {
    const adapter = command.printerId ? this.options.fleet.adapter(command.printerId) : undefined;
    if (!adapter)
      throw new CommandFailure(
        "This worker no longer owns the printer; try again in a few seconds.",
        "connection",
      );
    return adapter;
  }

  /** Runs the command and records its result (typed by kind) as done; throws when it fails. */
  private async run(command: ClaimedCommand): Promise<void> {
    const { db, files } = this.options;
    const signal = AbortSignal.any([AbortSignal.timeout(60_000), this.stopping.signal]);
    switch (command.kind) {
      case "pause":
        await this.adapterFor(command).pauseJob(signal);
        return finishCommand(db, command, { status: "done", result: {} });
      case "resume":
        await this.adapterFor(command).resumeJob(signal);
        return finishCommand(db, command, { status: "done", result: {} });
      case "cancel":
        await this.adapterFor(command).cancelJob(signal);
        return finishCommand(db, command, { status: "done", result: {} });
      case "refresh_files":
        return finishCommand(db, command, {
          status: "done",
          result: await files.refresh(command.printerId!, this.adapterFor(command), signal),
        });
      case "download_file":
        return finishCommand(db, command, {
          status: "done",
          result: await files.download(
            command.printerId!,
            this.adapterFor(command),
            command.payload.path,
            signal,
          ),
        });
      case "test_connection":
        return finishCommand(db, command, {
          status: "done",
          result: await this.testConnection(command, signal),
        });
      case "reconnect":
        // done either way: the result says whether the printer answered, and why not
        return finishCommand(db, command, {
          status: "done",
          result: await this.adapterFor(command).reconnectNow(signal),
        });
      // uploads take minutes, not the 60 s above: they time out on a stall or their size's cap
      case "start_print":
        return finishCommand(db, command, {
          status: "done",
          result: await runStartPrint(this.uploadDeps(), {
            ...this.uploadJob(command),
            printStartId: command.payload.printStartId,
          }),
        });
      case "stage_file":
        return finishCommand(db, command, {
          status: "done",
          result: await runStageFile(this.uploadDeps(), {
            ...this.uploadJob(command),
            payload: command.payload,
          }),
        });
    }
  }

  private uploadDeps(): LibraryUploadDeps {
    if (!this.options.printing)
      throw new CommandFailure(
        "This worker was started without a file store, so it cannot upload.",
        "unsupported",
      );
    return { db: this.options.db, ...this.options.printing };
  }

  private uploadJob(command: ClaimedCommand) {
    return {
      commandId: command.id,
      printerId: command.printerId!,
      adapter: this.adapterFor(command),
      signal: this.stopping.signal,
      logger: this.options.logger.child({ commandId: command.id, kind: command.kind }),
      describe: failureText,
    };
  }

  /** Tests a saved printer (its row) or an unsaved one (a sealed candidate config in the payload). */
  private async testConnection(
    command: Extract<ClaimedCommand, { kind: "test_connection" }>,
    signal: AbortSignal,
  ): Promise<TestConnectionResult> {
    const { db, kinds, cipher } = this.options;
    const payload = command.payload;
    let row;
    if (command.printerId) {
      const saved = await db.printer.findUnique({ where: { id: command.printerId } });
      if (!saved) throw new CommandFailure("The printer was removed.", "protocol");
      row = { ...saved, ...definedOnly(payload) };
    } else {
      row = {
        id: `test-${command.id}`,
        kind: payload.kind,
        host: payload.host,
        port: payload.port ?? null,
        serial: payload.serial ?? null,
        model: payload.model ?? null,
        credentials: payload.credentials,
        settings: payload.settings ?? {},
      };
    }
    const definition = kinds[row.kind];
    if (!definition)
      throw new CommandFailure(`Printers of kind "${row.kind}" are not supported.`, "unsupported");
    let config: unknown;
    try {
      config = buildAdapterConfig(row, definition, cipher);
    } catch (error) {
      throw new CommandFailure(error instanceof Error ? error.message : String(error), "protocol");
    }
    // A throw-away adapter: testConnection never needs connect(), and it opens no lasting connection.
    const adapter = definition.create({
      printerId: row.id,
      config,
      events: { publish() {} },
      logger: silentLogger,
    });
    try {
      return summarizeConnectionTest(await adapter.testConnection(signal));
    } finally {
      await adapter.disconnect().catch(() => {});
    }
  }
}

/** A failed command's reason: the printer's words, short and plain (an error may quote whatever answered on that address). */
function failureText(error: unknown): string {
  return shortText(error instanceof Error ? error.message : String(error), commandErrorMax);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
