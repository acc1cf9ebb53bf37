// The farm as one web process holds it: one row per printer, loaded once, kept current from
// the hub's notifications (the rows of each batch read once, in one query, for every stream),
// and reloaded whole after the hub's LISTEN connection was re-established (notifications may
// have been missed). Streams get `FarmDeltaMessage`s — the same object for every stream:
// new printers whole, removals and state transitions at once, telemetry-only changes of a
// printer at most once per `telemetryIntervalMs`. `farm.list` is served from memory after one
// cheap query for rows written since the newest the cache has seen (read-your-writes across
// web processes). Postgres stays the one source of truth.
import type { Db } from "@printernizer/db";
import type { FarmPrinter } from "../farm";
import { byName, changedFields, classifyChange, patchOf, type FarmDeltaMessage } from "./farm-delta";
import { FarmRowReader } from "./farm-rows";
import type { PrinterChange, PrinterUpdatesHub } from "./printer-updates-hub";
import { SerialSteps } from "./serial-steps";
import { TelemetryCoalescer } from "./telemetry-coalescer";
import { shareOnWire } from "./wire-shared";

export interface FarmCacheOptions {
  db: Db;
  hub: PrinterUpdatesHub;
  /** Telemetry-only changes of one printer go out at most this often (default 1000 ms). */
  telemetryIntervalMs?: number;
  /** A read failed (the database is away); the cache reloads once it answers again. */
  onError?(error: unknown): void;
}

type Listener = (message: FarmDeltaMessage) => void;

interface Delta {
  upserts: FarmPrinter[];
  patches: FarmDeltaMessage["patches"];
  removed: string[];
}

/** A change of these kinds can change a farm row; events and samples alone cannot. */
const rowChanges = new Set<PrinterChange["changes"][number]>(["status", "job", "printer"]);

export class FarmCache {
  private readonly rows = new Map<string, FarmPrinter>();
  /** Ids in name order; null once a name, an insert or a removal changed it. */
  private order: string[] | null = null;
  /** The list as last served; null once any row changed. */
  private listed: FarmPrinter[] | null = null;
  private newest = new Date(0);
  private loaded = false;
  private reloadWanted = false;
  private readonly pendingIds = new Set<string>();
  private batchQueued = false;
  private listQueued: Promise<FarmPrinter[]> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly coalescer: TelemetryCoalescer;
  private readonly reader: FarmRowReader;
  private readonly unsubscribe: () => void;
  private readonly closing = new AbortController();
  private readonly steps: SerialSteps;
  readonly telemetryIntervalMs: number;

  constructor(private readonly options: FarmCacheOptions) {
    this.telemetryIntervalMs = options.telemetryIntervalMs ?? 1_000;
    this.reader = new FarmRowReader(options.db);
    this.steps = new SerialSteps({
      onFailure: (error) => {
        // what the failed step was to apply is unknown now: read everything again
        this.reloadWanted = true;
        options.onError?.(error);
      },
      recover: () => this.ensureLoaded(),
    });
    this.coalescer = new TelemetryCoalescer(this.telemetryIntervalMs, (ids) => this.sendDue(ids));
    this.unsubscribe = options.hub.subscribe(
      (batch) => this.onBatch(batch),
      () => this.onReconnect(),
    );
    if (options.hub.closedSignal.aborted) this.close();
    else options.hub.closedSignal.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Aborted when the cache closes (with its hub): every stream on it ends. */
  get closedSignal(): AbortSignal {
    return this.closing.signal;
  }

  /** The newest `updatedAt` the cache has seen: the cursor of its messages. */
  get cursor(): string {
    return this.newest.toISOString();
  }

  /** The printer's row as the cache holds it now. */
  row(id: string): FarmPrinter | undefined {
    return this.rows.get(id);
  }

  /** Calls `listener` with every message until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Every printer in name order, from memory, after one query for rows written since the
   * newest the cache has seen and the printer count (a write this page just made is in it
   * even when its notification has not arrived yet). Calls that arrive while such a query
   * waits to start share it.
   */
  list(): Promise<FarmPrinter[]> {
    this.listQueued ??= this.steps.run(async () => {
      this.listQueued = null;
      await this.ensureLoaded();
      const { rows, printerCount } = await this.reader.changesSince(this.newest);
      this.applyRows(
        rows.map((r) => r.id),
        rows,
        false,
      );
      if (printerCount !== this.rows.size) await this.reload();
      return this.sorted();
    });
    return this.listQueued;
  }

  /** The first message of a resumed stream: every row written after `since` (minus a margin), whole. */
  async resumeFrom(since: Date): Promise<FarmDeltaMessage> {
    await this.steps.run(() => this.ensureLoaded());
    const margin = Math.max(2_000, 2 * this.telemetryIntervalMs);
    const from = since.getTime() - margin;
    const upserts = [...this.rows.values()].filter((p) => p.updatedAt.getTime() > from);
    return { cursor: this.cursor, resync: true, upserts, patches: [], removed: [] };
  }

  close(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.unsubscribe();
    this.coalescer.close();
    this.steps.close();
    this.listeners.clear();
  }

  private onBatch(batch: PrinterChange[]): void {
    for (const change of batch)
      if (change.changes.some((c) => rowChanges.has(c))) this.pendingIds.add(change.printerId);
    if (!this.pendingIds.size || this.batchQueued) return;
    this.batchQueued = true;
    void this.steps
      .run(async () => {
        this.batchQueued = false;
        const ids = [...this.pendingIds];
        this.pendingIds.clear();
        if (!this.loaded || this.reloadWanted) return this.ensureLoaded(); // a reload reads these too
        this.applyRows(ids, await this.reader.byIds(ids), true);
      })
      .catch(() => undefined); // reported by `steps`
  }

  private onReconnect(): void {
    this.reloadWanted = true;
    void this.steps.run(() => this.ensureLoaded()).catch(() => undefined);
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded && !this.reloadWanted) return;
    if (!this.loaded) await this.options.hub.whenListening();
    await this.reload();
  }

  /** Reads the whole farm and sends the differences: rows changed meanwhile go out whole. */
  private async reload(): Promise<void> {
    this.reloadWanted = false;
    const fetched = await this.reader.all();
    const first = !this.loaded;
    this.loaded = true;
    const ids = new Set([...this.rows.keys(), ...fetched.map((r) => r.id)]);
    const delta = this.apply(ids, fetched, "whole");
    if (!first) this.send(delta);
  }

  private applyRows(ids: string[], fetched: FarmPrinter[], removeMissing: boolean): void {
    this.send(this.apply(ids, fetched, removeMissing ? "patch" : "patch-keep"));
  }

  /** Puts fetched rows into the map; `ids` without a fetched row are removed unless "patch-keep". */
  private apply(
    ids: Iterable<string>,
    fetched: FarmPrinter[],
    mode: "whole" | "patch" | "patch-keep",
  ): Delta {
    const delta: Delta = { upserts: [], patches: [], removed: [] };
    const byId = new Map(fetched.map((r) => [r.id, r]));
    const now = Date.now();
    for (const id of ids) {
      const before = this.rows.get(id);
      const fetchedRow = byId.get(id);
      // rows are never changed once held: the list's serialization reuses each row's
      const after = fetchedRow && shareOnWire(fetchedRow);
      if (!after) {
        if (!before || mode === "patch-keep") continue;
        this.rows.delete(id);
        this.coalescer.forget(id);
        delta.removed.push(id);
        this.order = this.listed = null;
        continue;
      }
      if (after.updatedAt > this.newest) this.newest = after.updatedAt;
      if (!before) {
        this.rows.set(id, after);
        this.coalescer.sentWhole(id, now);
        delta.upserts.push(after);
        this.order = this.listed = null;
        continue;
      }
      const fields = changedFields(before, after);
      const kind = classifyChange(before, after, fields);
      if (kind === "none") continue;
      this.rows.set(id, after);
      this.listed = null;
      if (before.name !== after.name) this.order = null;
      this.coalescer.note(id, fields);
      if (mode === "whole") {
        this.coalescer.sentWhole(id, now);
        delta.upserts.push(after);
      } else if (kind === "transition" || this.coalescer.mayGoNow(id, now)) {
        delta.patches.push(patchOf(after, this.coalescer.take(id, now)));
      } else {
        this.coalescer.defer(id);
      }
    }
    return delta;
  }

  /** Held-back telemetry whose interval has passed: the latest values of every field changed since. */
  private sendDue(ids: string[]): void {
    const now = Date.now();
    const patches = ids.flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [patchOf(row, this.coalescer.take(id, now))] : [];
    });
    this.send({ upserts: [], patches, removed: [] });
  }

  private send(delta: Delta): void {
    if (!delta.upserts.length && !delta.patches.length && !delta.removed.length) return;
    const message = shareOnWire<FarmDeltaMessage>({ cursor: this.cursor, resync: false, ...delta });
    for (const listener of this.listeners) listener(message);
  }

  private sorted(): FarmPrinter[] {
    if (this.listed) return this.listed;
    this.order ??= [...this.rows.values()].sort(byName).map((p) => p.id);
    return (this.listed = shareOnWire(this.order.map((id) => this.rows.get(id)!)));
  }
}
