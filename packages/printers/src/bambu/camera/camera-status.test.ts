import { describe, expect, it } from "vitest";
import { cameraInfo } from "./camera-status";

describe("PrinterStatus.camera from the model and ipcam", () => {
  it("RTSPS models: a stream URL is on, 'disable' is off, nothing said is unknown", () => {
    expect(cameraInfo("rtsps", { rtsp_url: "rtsps://192.168.1.9:322/streaming/live/1" })).toEqual({
      transport: "rtsps",
      liveView: "on",
    });
    expect(cameraInfo("rtsps", { rtsp_url: "disable" })).toEqual({ transport: "rtsps", liveView: "off" });
    expect(cameraInfo("rtsps", {})).toEqual({ transport: "rtsps", liveView: "unknown" });
    expect(cameraInfo("rtsps", undefined)).toEqual({ transport: "rtsps", liveView: "unknown" });
  });

  it("P1/A1 (no rtsp_url in their ipcam) are on unless the report says 'disable'", () => {
    expect(cameraInfo("chamber_image", { ipcam_dev: "1" } as never)).toEqual({
      transport: "chamber_image",
      liveView: "on",
    });
    expect(cameraInfo("chamber_image", { rtsp_url: "disable" })).toMatchObject({ liveView: "off" });
  });

  it("a model whose camera is not known gets no camera field", () => {
    expect(cameraInfo("unknown", { rtsp_url: "disable" })).toBeUndefined();
    expect(cameraInfo(undefined, undefined)).toBeUndefined();
  });
});
