"use client";
// One queue entry: its file (picture, name, plate), copies done/started/total, target in words,
// priority, state, the last failure and its print starts. Operators move it (drag handle or the
// Up/Down buttons), edit copies and priority, and cancel it; viewers see the same without controls.
import Link from "next/link";
import type { DragEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { formatBytes } from "../../_components/start-print/start-progress-words";
import { Thumbnail } from "../../library/_components/library-list";
import { QueueStartLine } from "./queue-start-line";

export type QueueEntry = RouterOutputs["queue"]["list"]["waiting"][number];

const stateLabel: Record<QueueEntry["state"], string> = {
  waiting: "Waiting",
  uploading: "Uploading",
  printing: "Printing",
  done: "Done",
  cancelled: "Cancelled",
};
const stateTone: Record<QueueEntry["state"], string> = {
  waiting: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
  uploading: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  printing: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200",
  done: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
  cancelled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400",
};

export interface EntryControls {
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMove(direction: "up" | "down"): void;
  onEdit(): void;
  onCancel(): void;
  busy: boolean;
  drag: {
    onDragStart(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDrop(event: DragEvent): void;
    onDragEnd(): void;
    dropSide: "upper" | "lower" | null;
  };
}

export function QueueEntryItem({ entry, controls }: { entry: QueueEntry; controls?: EntryControls }) {
  const starts = entry.starts.slice(0, 10);
  const dropLine =
    controls?.drag.dropSide === "upper"
      ? "border-t-4 border-t-sky-600"
      : controls?.drag.dropSide === "lower"
        ? "border-b-4 border-b-sky-600"
        : "";
  return (
    <li
      data-testid="queue-entry"
      data-entry-id={entry.id}
      data-state={entry.state}
      draggable={!!controls}
      onDragStart={controls?.drag.onDragStart}
      onDragOver={controls?.drag.onDragOver}
      onDrop={controls?.drag.onDrop}
      onDragEnd={controls?.drag.onDragEnd}
      className={`flex flex-wrap gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-950 ${dropLine}`}
    >
      {controls ? (
        <span aria-hidden title="Drag to move" className="cursor-grab select-none self-center text-slate-400">
          ⠿
        </span>
      ) : null}
      <Thumbnail sha256={entry.file.thumbnailSha256} name={entry.file.name} size="h-16 w-16" />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <Link
            href={`/library/${entry.file.id}`}
            className="break-all font-medium text-sky-700 hover:underline dark:text-sky-400"
            data-testid="queue-entry-file"
          >
            {entry.file.name}
          </Link>
          <span className="text-sm text-slate-600 dark:text-slate-400">plate {entry.plate}</span>
          <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${stateTone[entry.state]}`}>
            {stateLabel[entry.state]}
          </span>
        </p>
        <p className="flex flex-wrap gap-x-4 text-sm" data-testid="queue-entry-facts">
          <span data-testid="queue-entry-copies">
            {entry.copiesDone} done · {entry.copiesStarted} started · {entry.copies}{" "}
            {entry.copies === 1 ? "copy" : "copies"}
          </span>
          <span>On {entry.targetWords}</span>
          <span>Priority {entry.priority}</span>
        </p>
        {entry.lastError && entry.state !== "done" ? (
          <p className="text-sm text-red-700 dark:text-red-400" data-testid="queue-entry-error">
            Last start failed and went back to the queue: {entry.lastError}
          </p>
        ) : null}
        {entry.staged.length > 0 && entry.status === "queued" ? (
          <ul aria-label="Pre-staged" className="text-xs text-slate-600 dark:text-slate-400">
            {entry.staged.map((staged) => (
              <li key={staged.printerId} data-testid="queue-staged" data-status={staged.status}>
                {stagedWords(staged, Number(entry.file.size))}
              </li>
            ))}
          </ul>
        ) : null}
        {starts.length > 0 ? (
          <ul aria-label="Print starts" className="divide-y divide-slate-100 dark:divide-slate-800">
            {starts.map((start) => (
              <QueueStartLine key={start.id} start={start} />
            ))}
          </ul>
        ) : null}
      </div>
      {controls ? (
        <div className="flex flex-wrap items-start gap-1">
          <Button
            variant="ghost"
            aria-label={`Move ${entry.file.name} up`}
            disabled={!controls.canMoveUp || controls.busy}
            onClick={() => controls.onMove("up")}
          >
            ↑ Up
          </Button>
          <Button
            variant="ghost"
            aria-label={`Move ${entry.file.name} down`}
            disabled={!controls.canMoveDown || controls.busy}
            onClick={() => controls.onMove("down")}
          >
            ↓ Down
          </Button>
          <Button variant="secondary" onClick={controls.onEdit}>
            Edit
          </Button>
          <Button variant="danger" onClick={controls.onCancel}>
            Cancel
          </Button>
        </div>
      ) : null}
    </li>
  );
}

/** "File on MK4-2 in advance: ready", "…: uploading, 4.2 MB of 20.0 MB", "…: failed (why)". */
function stagedWords(staged: QueueEntry["staged"][number], size: number): string {
  const head = `File on ${staged.printerName} in advance: `;
  if (staged.status === "ready") return `${head}ready`;
  if (staged.status === "failed") return `${head}failed${staged.error ? ` (${staged.error})` : ""}`;
  return `${head}${staged.status}, ${formatBytes(staged.bytesSent)} of ${formatBytes(size)}`;
}
