"use client";
// The printer page's live view: off until asked for (a printer allows very few camera
// connections, and the worker opens one only while somebody watches).
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { useClientNow } from "~/app/_lib/use-now";
import { cameraSentence, useCameraStream } from "./use-camera-stream";

export function LiveCameraPanel({ printerId, printerName }: { printerId: string; printerName: string }) {
  const [watching, setWatching] = useState(false);
  const camera = useCameraStream(watching ? [printerId] : [])[printerId];
  const now = useClientNow(5_000);
  return (
    <section aria-labelledby="camera-heading" className="space-y-2" data-testid="live-camera">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="camera-heading" className="text-lg font-semibold">
          Camera
        </h2>
        <Button variant="secondary" onClick={() => setWatching((w) => !w)} aria-pressed={watching}>
          {watching ? "Stop live view" : "Watch live"}
        </Button>
      </div>
      {watching ? (
        <div className="space-y-1">
          <div className="aspect-video w-full max-w-3xl overflow-hidden rounded-md bg-slate-900">
            {camera?.url ? (
              <img
                src={camera.url}
                alt={`Live camera picture of ${printerName}`}
                className="h-full w-full object-contain"
                data-testid="camera-image"
              />
            ) : null}
          </div>
          <p
            className="text-sm"
            role="status"
            data-testid="camera-state"
            data-state={camera?.state.state ?? "connecting"}
          >
            {cameraSentence(camera)}
          </p>
          <p className="text-xs text-muted">
            <span data-testid="camera-frames" data-frames={camera?.frames ?? 0}>
              {camera?.frames ?? 0} frames
            </span>
            {camera?.frameAt && now
              ? ` · last frame at ${new Date(camera.frameAt).toLocaleTimeString()}`
              : ""}
          </p>
        </div>
      ) : (
        <p className="text-sm text-muted">
          The live picture is relayed by the worker that runs this printer.
        </p>
      )}
    </section>
  );
}
