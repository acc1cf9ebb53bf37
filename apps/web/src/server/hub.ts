import "server-only";
import { FarmCache } from "@printernizer/farm/live/farm-cache";
import { PrinterUpdatesHub } from "@printernizer/farm/live/printer-updates-hub";
import { serverEnv } from "~/env";
import { getDb } from "./db";
import { getLogger } from "./logger";

// One LISTEN connection per web process, shared by every browser's stream.
const globalForHub = globalThis as unknown as {
  printernizerHub?: PrinterUpdatesHub;
  printernizerFarm?: FarmCache;
};

export function getHub(): PrinterUpdatesHub {
  if (globalForHub.printernizerHub) return globalForHub.printernizerHub;
  const hub = new PrinterUpdatesHub({
    databaseUrl: serverEnv().DATABASE_URL,
    onError: (error) =>
      getLogger().warn({ err: error }, "live updates: LISTEN connection lost; reconnecting"),
    onMalformed: (channel, payload) =>
      getLogger().debug(
        { channel, length: payload.length },
        "live updates: ignored a notification that is not ours",
      ),
  });
  // Open live streams would hold a graceful shutdown forever: end them, browsers reconnect
  // to the next instance and resume from their last event. Next closes the server meanwhile;
  // should a kept-alive connection still hold it, leave after a grace period all the same.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void hub.close();
      setTimeout(() => process.exit(signal === "SIGTERM" ? 143 : 130), 10_000).unref();
    });
  }
  return (globalForHub.printernizerHub = hub);
}

/**
 * The farm as this process holds it in memory (farm.list and every browser's live stream),
 * kept current from the hub; closed with the hub.
 */
export function getFarmCache(): FarmCache {
  return (globalForHub.printernizerFarm ??= new FarmCache({
    db: getDb(),
    hub: getHub(),
    onError: (error) =>
      getLogger().warn(
        { err: error },
        "farm cache: reading printers failed; reloading when the database answers",
      ),
  }));
}

/** True once this process is shutting down: new live streams are refused so browsers go elsewhere. */
export function isShuttingDown(): boolean {
  return globalForHub.printernizerHub?.closedSignal.aborted ?? false;
}
