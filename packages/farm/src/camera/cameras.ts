// Which printers have a camera, and whether one can be watched right now, in words a person can
// act on. Read by the web app's relay before it asks the owning worker, and by the camera pages.
import type { Db } from "@printernizer/db";
import { printerKindMetadata } from "@printernizer/printers/kinds";
import { parseStoredStatus } from "../live-status";
import { workerAliveWithinMs } from "../workers";
import type { CameraWireState } from "./camera-wire";

export interface CameraPrinter {
  id: string;
  name: string;
  model: string | null;
  connected: boolean;
  /** From the printer's last report (Bambu `ipcam`); "unknown" before it reported. */
  liveView: "on" | "off" | "unknown";
}

export const liveViewOffSentence = "Live view is off on the printer: turn on LAN live view in its settings.";
export const noCameraSentence = "This printer has no camera the app can show.";

function kindHasCamera(kind: string): boolean {
  return (printerKindMetadata(kind)?.capabilities.camera ?? "none") !== "none";
}

/** Every enabled printer whose kind has a camera, by name. */
export async function listCameraPrinters(db: Db): Promise<CameraPrinter[]> {
  const rows = await db.printer.findMany({
    where: { enabled: true },
    select: {
      id: true,
      name: true,
      model: true,
      kind: true,
      liveStatus: { select: { connected: true, status: true } },
    },
    orderBy: { name: "asc" },
  });
  return rows
    .filter((row) => kindHasCamera(row.kind))
    .map((row) => ({
      id: row.id,
      name: row.name,
      model: row.model,
      connected: row.liveStatus?.connected ?? false,
      liveView: parseStoredStatus(row.liveStatus?.status).camera?.liveView ?? "unknown",
    }));
}

/** Whether a printer's camera has a camera at all (the printer page shows the live view only then). */
export async function printerHasCamera(db: Db, printerId: string): Promise<boolean> {
  const row = await db.printer.findUnique({ where: { id: printerId }, select: { kind: true } });
  return row ? kindHasCamera(row.kind) : false;
}

/**
 * Where to fetch a printer's camera from (the health URL of the live worker holding its lease),
 * or why not now: `final` (no such printer, disabled, no camera) or `wait` (offline, live view
 * off, no worker runs it), each with a sentence.
 */
export async function cameraSource(
  db: Db,
  printerId: string,
  now = new Date(),
): Promise<{ url: string } | { final: CameraWireState } | { wait: CameraWireState }> {
  const row = await db.printer.findUnique({
    where: { id: printerId },
    select: {
      kind: true,
      enabled: true,
      liveStatus: { select: { connected: true, status: true } },
      lease: { select: { ownerId: true } },
    },
  });
  if (!row)
    return { final: { state: "error", code: "not_found", message: "No such printer (was it removed?)." } };
  if (!row.enabled)
    return {
      final: {
        state: "error",
        code: "disabled",
        message: "This printer is disabled: enable it in Admin → Printers to see its camera.",
      },
    };
  if (!kindHasCamera(row.kind))
    return { final: { state: "error", code: "no_camera", message: noCameraSentence } };
  if (!row.liveStatus?.connected)
    return {
      wait: {
        state: "error",
        message: "The printer is offline or not connected yet: the picture starts when it answers.",
      },
    };
  if (parseStoredStatus(row.liveStatus.status).camera?.liveView === "off")
    return { wait: { state: "error", message: liveViewOffSentence } };
  const owner = row.lease
    ? await db.workerNode.findUnique({
        where: { id: row.lease.ownerId },
        select: { healthUrl: true, lastHeartbeat: true, stoppedAt: true },
      })
    : null;
  if (
    !owner?.healthUrl ||
    owner.stoppedAt ||
    now.getTime() - owner.lastHeartbeat.getTime() > workerAliveWithinMs
  )
    return {
      wait: {
        state: "error",
        message: "No worker runs this printer right now: the picture starts when a worker takes it over.",
      },
    };
  return { url: owner.healthUrl };
}
