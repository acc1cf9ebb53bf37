// Executes command rows. The web inserts them (pending); a worker claims one with
// `FOR UPDATE SKIP LOCKED`, so a command runs once even when several workers race;
// the worker that owns the printer executes it and records done/failed. Commands for
// printers no worker owns expire after their deadline. Connection tests of unsaved
// printers (no printerId) may be claimed by any worker.
import type { CommandKind, Db, Prisma, PrinterCommand } from "@printernizer/db";
import { channels } from "@printernizer/db/channels";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import { isPrinterIntegrationError, silentLogger, type PrinterAdapter } from "@printernizer/printers";
import type { FleetSupervisor, KindDefinitions } from "../fleet/fleet-supervisor";
import { buildAdapterConfig } from "../fleet/printer-config";
import type { FileService } from "../files/file-service";
import { shortText, summarizeConnectionTest } from "./connection-summary";

export interface CommandExecutorOptions {
  db: Db;
  workerId: string;
  fleet: FleetSupervisor;
  kinds: KindDefinitions;
  cipher: CredentialCipher;
  files: FileService;
  logger: Logger;
  pollMs?: number;
  onExecuted?(kind: CommandKind, ms: number, ok: boolean): void;
}

/** A failed command's reason is at most this long. */
const commandErrorMax = 200;

class CommandFailure extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
  }
}

export class CommandExecutor {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: CommandExecutorOptions) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
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
    await this.expireOverdue();
    for (;;) {
      if (this.stopped) return;
      const command = await this.claimNext();
      if (!command) return;
      // Run each claimed command without holding up the next claim.
      void this.execute(command);
    }
  }

  private async expireOverdue(): Promise<void> {
    const expired = await this.options.db.$queryRaw<{ id: string }[]>`
      UPDATE "PrinterCommand" SET "status" = 'expired', "finishedAt" = now(),
        "error" = 'No worker is connected to this printer right now, so the command was not sent. Check that the printer is enabled and a worker is running.'
      WHERE "status" = 'pending' AND "expiresAt" < now() RETURNING "id"`;
    if (expired.length) await this.notifyFinished(expired.map((r) => r.id));
  }

  private async claimNext(): Promise<PrinterCommand | undefined> {
    const owned = this.options.fleet.ownedPrinterIds();
    const rows = await this.options.db.$queryRaw<PrinterCommand[]>`
      UPDATE "PrinterCommand" SET "status" = 'claimed', "claimedBy" = ${this.options.workerId}, "claimedAt" = now()
      WHERE "id" = (
        SELECT "id" FROM "PrinterCommand"
        WHERE "status" = 'pending' AND "expiresAt" >= now()
          AND ("printerId" = ANY(${owned}::text[]) OR ("printerId" IS NULL AND "kind" = 'test_connection'))
        ORDER BY "createdAt" FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING *`;
    return rows[0];
  }

  private async execute(command: PrinterCommand): Promise<void> {
    const started = performance.now();
    const log = this.options.logger.child({ commandId: command.id, kind: command.kind, printerId: command.printerId });
    let ok = false;
    try {
      const result = await this.run(command);
      await this.finish(command.id, { status: "done", result: (result ?? {}) as Prisma.InputJsonValue });
      ok = true;
      log.info("command done");
    } catch (error) {
      const kind = error instanceof CommandFailure ? error.kind : isPrinterIntegrationError(error) ? error.kind : "internal";
      // the printer's words, short and plain: an error may quote whatever answered on that address
      const message = shortText(error instanceof Error ? error.message : String(error), commandErrorMax);
      await this.finish(command.id, { status: "failed", error: message, errorKind: kind });
      log.warn({ reason: message, errorKind: kind }, "command failed");
    } finally {
      this.options.onExecuted?.(command.kind, performance.now() - started, ok);
    }
  }

  private async finish(id: string, data: Prisma.PrinterCommandUpdateInput): Promise<void> {
    await this.options.db.printerCommand.update({ where: { id }, data: { ...data, finishedAt: new Date() } });
    await this.notifyFinished([id]);
  }

  private async notifyFinished(ids: string[]): Promise<void> {
    await this.options.db.$executeRawUnsafe(`SELECT pg_notify($1, x) FROM unnest($2::text[]) AS x`, channels.commandFinished, ids);
  }

  private adapterFor(command: PrinterCommand): PrinterAdapter {
    const adapter = command.printerId ? this.options.fleet.adapter(command.printerId) : undefined;
    if (!adapter) throw new CommandFailure("This worker no longer owns the printer; try again in a few seconds.", "connection");
    return adapter;
  }

  private async run(command: PrinterCommand): Promise<unknown> {
    const signal = AbortSignal.timeout(60_000);
    switch (command.kind) {
      case "pause":
        return this.adapterFor(command).pauseJob(signal);
      case "resume":
        return this.adapterFor(command).resumeJob(signal);
      case "cancel":
        return this.adapterFor(command).cancelJob(signal);
      case "refresh_files":
        return this.options.files.refresh(command.printerId!, this.adapterFor(command), signal);
      case "download_file": {
        const path = (command.payload as { path?: unknown } | null)?.path;
        if (typeof path !== "string" || !path) throw new CommandFailure("Which file? The command has no file path.", "protocol");
        return this.options.files.download(command.printerId!, this.adapterFor(command), path, signal);
      }
      case "test_connection":
        return this.testConnection(command, signal);
    }
  }

  /** Tests a saved printer (its row) or an unsaved one (a sealed candidate config in the payload). */
  private async testConnection(command: PrinterCommand, signal: AbortSignal): Promise<unknown> {
    const { db, kinds, cipher } = this.options;
    const payload = (command.payload ?? {}) as { kind?: string; host?: string; port?: number | null; serial?: string | null; model?: string | null; credentials?: string; settings?: unknown };
    let row;
    if (command.printerId) {
      const saved = await db.printer.findUnique({ where: { id: command.printerId } });
      if (!saved) throw new CommandFailure("The printer was removed.", "protocol");
      row = { ...saved, ...definedOnly(payload) };
    } else {
      if (!payload.kind || !payload.host || !payload.credentials) throw new CommandFailure("The connection test is missing the printer kind, host or credentials.", "protocol");
      row = { id: `test-${command.id}`, kind: payload.kind, host: payload.host, port: payload.port ?? null, serial: payload.serial ?? null, model: payload.model ?? null, credentials: payload.credentials, settings: payload.settings ?? {} };
    }
    const definition = kinds[row.kind];
    if (!definition) throw new CommandFailure(`Printers of kind "${row.kind}" are not supported.`, "unsupported");
    let config: unknown;
    try {
      config = buildAdapterConfig(row, definition, cipher);
    } catch (error) {
      throw new CommandFailure(error instanceof Error ? error.message : String(error), "protocol");
    }
    // A throw-away adapter: testConnection never needs connect(), and it opens no lasting connection.
    const adapter = definition.create({ printerId: row.id, config, events: { publish() {} }, logger: silentLogger });
    try {
      return summarizeConnectionTest(await adapter.testConnection(signal));
    } finally {
      await adapter.disconnect().catch(() => {});
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
