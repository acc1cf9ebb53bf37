// The live stream's messages as `FarmDeltaMessage`s. The server sends that form; a server from
// before it (`{cursor, resync, printers, removed}`, whole rows only) is read as upserts, so a
// browser and a web instance of different versions still agree during an upgrade.
import type { FarmPrinter } from "@printernizer/farm/farm";
import type { FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";

interface WholeRowsMessage {
  cursor: string;
  resync?: boolean;
  printers: FarmPrinter[];
  removed: string[];
}

export function toDeltaMessage(data: FarmDeltaMessage | WholeRowsMessage): FarmDeltaMessage {
  if ("upserts" in data) return data;
  return {
    cursor: data.cursor,
    resync: data.resync ?? false,
    upserts: data.printers,
    patches: [],
    removed: data.removed,
  };
}
