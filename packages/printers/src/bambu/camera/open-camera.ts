// `BambuAdapter.openCamera`: picks the camera protocol by the printer's model (bambu-models.ts
// `camera`) at every attempt, since get_version may name the model only after the first one.
import type { AdapterLogger } from "../../core/adapter";
import type { CameraHandler, CameraLiveView, CameraStream } from "../../core/camera";
import type { TrustSettings } from "../bambu-certificate";
import type { BambuConfig, BambuTimings } from "../bambu-config";
import { bambuModelFacts } from "../bambu-models";
import { CameraFailure, runCameraLoop, type CameraAttempt } from "./camera-loop";
import { chamberImageAttempt } from "./chamber-image-client";
import { rtspsAttempt } from "./rtsps-client";

export interface BambuCameraContext {
  config: BambuConfig;
  timings: BambuTimings;
  connectTimeoutMs: number;
  trust: () => TrustSettings;
  /** The model as recognized now (get_version, serial prefix, configured name). */
  model: () => string | undefined;
  liveView: () => CameraLiveView;
  logger: AdapterLogger;
}

export function openBambuCamera(handler: CameraHandler, context: BambuCameraContext): CameraStream {
  const { config, timings } = context;
  const endpoint = {
    host: config.host,
    accessCode: config.accessCode,
    trust: context.trust,
    connectTimeoutMs: context.connectTimeoutMs,
    stallMs: timings.cameraStallMs,
  };
  const chamberImage = chamberImageAttempt({ ...endpoint, port: config.cameraPort });
  const rtsps = rtspsAttempt({ ...endpoint, port: config.rtspPort, liveView: context.liveView });
  const attempt: CameraAttempt = (signal, onFrame) => {
    const model = context.model();
    const kind = bambuModelFacts(model)?.camera;
    if (kind === "chamber_image") return chamberImage(signal, onFrame);
    if (kind === "rtsps") return rtsps(signal, onFrame);
    return Promise.reject(
      new CameraFailure(
        model
          ? `the camera of the ${model} is not supported yet (its protocol is not known)`
          : "the printer's model is not known yet, so neither is its camera: set the model in the printer's settings",
      ),
    );
  };
  return runCameraLoop(handler, attempt, timings, (error) =>
    context.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "camera: unexpected error (the stream carries on)",
    ),
  );
}
