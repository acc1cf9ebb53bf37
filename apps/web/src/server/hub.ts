import "server-only";
import { PrinterUpdatesHub } from "@printernizer/api";
import { serverEnv } from "~/env";
import { getLogger } from "./logger";

// One LISTEN connection per web process, shared by every browser's stream.
const globalForHub = globalThis as unknown as { printernizerHub?: PrinterUpdatesHub };

export function getHub(): PrinterUpdatesHub {
  return (globalForHub.printernizerHub ??= new PrinterUpdatesHub({
    databaseUrl: serverEnv().DATABASE_URL,
    onError: (error) => getLogger().warn({ err: error }, "live updates: LISTEN connection lost; reconnecting"),
  }));
}
