"use client";
// The camera wall: every camera printer as a tile. At most `live` tiles (the URL's ?live=, 4 by
// default) stream live over one connection; the others show a snapshot every few seconds.
// Clicking a snapshot tile makes it live (the longest-live one goes back to snapshots).
import Link from "next/link";
import { useMemo, useState } from "react";
import type { CameraPrinter } from "@printernizer/farm/camera/cameras";
import { EmptyState } from "@printernizer/ui/card";
import { useUrlFilters } from "../use-url-filters";
import { cameraSentence, useCameraStream, type LiveCamera } from "./use-camera-stream";
import { useSnapshots, type Snapshot } from "./use-snapshots";

const liveChoices = [0, 1, 2, 4, 6, 8, 12, 16];
const filterKeys = ["live"] as const;

export function CameraWall({ printers }: { printers: CameraPrinter[] }) {
  const { values, setFilter } = useUrlFilters(filterKeys);
  const parsed = Number(values.live || 4);
  const maxLive = liveChoices.includes(parsed) ? parsed : 4;
  const [picked, setPicked] = useState<string[]>([]);
  const liveIds = useMemo(() => {
    const order = [...picked, ...printers.map((p) => p.id)].filter((id) => printers.some((p) => p.id === id));
    return [...new Set(order)].slice(0, maxLive);
  }, [picked, printers, maxLive]);
  const snapshotIds = printers.map((p) => p.id).filter((id) => !liveIds.includes(id));
  const live = useCameraStream(liveIds);
  const shots = useSnapshots(snapshotIds);

  if (!printers.length)
    return (
      <EmptyState title="No cameras yet">
        Printers with a camera (Bambu Lab) appear here once they are added in Admin → Printers.
      </EmptyState>
    );
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        Live tiles
        <select
          value={maxLive}
          onChange={(event) => setFilter("live", event.target.value === "4" ? "" : event.target.value)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          data-testid="camera-live-count"
        >
          {liveChoices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <span className="text-muted">the others show a snapshot every 5 s; click one to watch it live.</span>
      </label>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="camera-wall">
        {printers.map((printer) => (
          <CameraTile
            key={printer.id}
            printer={printer}
            live={
              liveIds.includes(printer.id)
                ? (live[printer.id] ?? { state: { state: "connecting" }, frames: 0 })
                : undefined
            }
            shot={shots[printer.id]}
            onWatch={() => setPicked((ids) => [printer.id, ...ids.filter((id) => id !== printer.id)])}
          />
        ))}
      </ul>
    </div>
  );
}

function CameraTile({
  printer,
  live,
  shot,
  onWatch,
}: {
  printer: CameraPrinter;
  live?: LiveCamera;
  shot?: Snapshot;
  onWatch(): void;
}) {
  const url = live ? live.url : shot?.url;
  const sentence = live
    ? cameraSentence(live)
    : (shot?.message ?? (shot?.url ? "Snapshot" : "Loading a snapshot…"));
  const picture = url ? (
    <img
      src={url}
      alt={`Camera picture of ${printer.name}`}
      className="h-full w-full object-contain"
      data-testid="camera-tile-image"
    />
  ) : null;
  return (
    <li
      className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="camera-tile"
      data-printer-id={printer.id}
      data-mode={live ? "live" : "snapshot"}
      data-frames={live?.frames ?? 0}
    >
      {live ? (
        <div className="aspect-video bg-slate-900">{picture}</div>
      ) : (
        <button
          type="button"
          onClick={onWatch}
          className="block aspect-video w-full bg-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          aria-label={`Watch ${printer.name} live`}
        >
          {picture}
        </button>
      )}
      <div className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
        <Link href={`/printers/${printer.id}`} className="font-medium hover:underline">
          {printer.name}
        </Link>
        <span className="text-xs font-medium">{live ? "● Live" : "Snapshot"}</span>
      </div>
      <p className="px-3 pb-2 text-xs text-muted" role="status">
        {sentence}
      </p>
    </li>
  );
}
