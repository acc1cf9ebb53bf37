// `PrinterStatus.camera` from the model's camera kind (bambu-models.ts) and the report's `ipcam`.
// RTSPS models (X1/H2/P2) name their stream in `ipcam.rtsp_url`, "disable" while LAN live view
// is off. P1/A1 send no rtsp_url (pybambu's Camera keeps None for them): their port-6000 camera
// counts as on unless the report says "disable". A model whose camera is unknown gets no field.
import type { CameraInfo } from "../../core/camera";
import type { BambuCameraKind } from "../bambu-models";
import type { BambuPrint } from "../bambu-schemas";

export function cameraInfo(
  kind: BambuCameraKind | undefined,
  ipcam: BambuPrint["ipcam"],
): CameraInfo | undefined {
  if (kind !== "chamber_image" && kind !== "rtsps") return undefined;
  const url = ipcam?.rtsp_url?.trim();
  if (url === "disable") return { transport: kind, liveView: "off" };
  if (kind === "chamber_image") return { transport: kind, liveView: "on" };
  return { transport: kind, liveView: url ? "on" : "unknown" };
}

/** Spread into a status: `{ camera }` when the model has a known camera, else nothing. */
export function cameraField(kind: BambuCameraKind | undefined, ipcam: BambuPrint["ipcam"]) {
  const camera = cameraInfo(kind, ipcam);
  return camera ? { camera } : {};
}
