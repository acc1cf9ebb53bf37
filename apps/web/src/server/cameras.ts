import "server-only";
import { CameraRelay } from "@printernizer/farm/camera/camera-relay";
import { serverEnv } from "~/env";
import { getDb } from "./db";
import { getLogger } from "./logger";

// One relay per web process: one connection per watched printer to the worker that runs it.
const globalForCameras = globalThis as unknown as { printernizerCameras?: CameraRelay };

export function getCameraRelay(): CameraRelay {
  return (globalForCameras.printernizerCameras ??= new CameraRelay({
    db: getDb(),
    secret: serverEnv().PRINTERNIZER_SECRET,
    logger: getLogger().child({ module: "camera-relay" }),
  }));
}
