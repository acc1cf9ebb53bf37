"use client";
// Drop files here or pick them: each file gets its own row with a progress bar (bytes, %, rate)
// and, when the server refuses it, the reason in words. Two uploads run at a time; the rest wait.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState, type DragEvent } from "react";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { useTRPC } from "~/trpc/react";
import { sizeWords } from "../../../api/library/size-words";
import { uploadToLibrary } from "./upload-request";

const accepted = [".gcode", ".bgcode", ".3mf", ".gco", ".g"];
const parallel = 2;

interface UploadRow {
  key: string;
  name: string;
  size: number;
  loaded: number;
  startedAt: number | null;
  status: "waiting" | "uploading" | "reading" | "done" | "failed";
  error?: string;
}

export function UploadZone({ maxBytes }: { maxBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const queue = useRef<{ key: string; file: File }[]>([]);
  const running = useRef(0);

  const update = useCallback((key: string, patch: Partial<UploadRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  }, []);

  const pump = useCallback(() => {
    while (running.current < parallel && queue.current.length > 0) {
      const next = queue.current.shift();
      if (!next) break;
      running.current += 1;
      update(next.key, { status: "uploading", startedAt: performance.now() });
      void uploadToLibrary(next.file, ({ loaded, total }) =>
        update(next.key, { loaded, status: loaded >= total ? "reading" : "uploading" }),
      ).then((outcome) => {
        running.current -= 1;
        if (outcome.ok) {
          update(next.key, { status: "done", loaded: next.file.size });
          void queryClient.invalidateQueries({ queryKey: trpc.library.list.queryKey() });
        } else update(next.key, { status: "failed", error: outcome.error });
        pump();
      });
    }
  }, [queryClient, trpc, update]);

  const add = useCallback(
    (files: FileList | File[]) => {
      const fresh: UploadRow[] = [];
      for (const file of Array.from(files)) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        const row: UploadRow = {
          key,
          name: file.name,
          size: file.size,
          loaded: 0,
          startedAt: null,
          status: "waiting",
        };
        const lower = file.name.toLowerCase();
        if (!accepted.some((ext) => lower.endsWith(ext)))
          fresh.push({
            ...row,
            status: "failed",
            error: "Not a print file: upload .gcode, .bgcode or a sliced .3mf.",
          });
        else if (file.size > maxBytes)
          fresh.push({
            ...row,
            status: "failed",
            error: `Larger than the library's limit of ${sizeWords(maxBytes)}.`,
          });
        else {
          fresh.push(row);
          queue.current.push({ key, file });
        }
      }
      setRows((current) => [...fresh, ...current]);
      pump();
    },
    [maxBytes, pump],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) add(event.dataTransfer.files);
  };

  return (
    <div className="space-y-3">
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="library-drop-zone"
        className={`rounded-lg border-2 border-dashed p-6 text-center text-sm ${dragging ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-slate-300 dark:border-slate-700"}`}
      >
        <p>
          Drop print files here (.gcode, .bgcode, sliced .3mf; up to {sizeWords(maxBytes)} each) or{" "}
          <button
            type="button"
            onClick={() => input.current?.click()}
            className="font-medium text-sky-700 underline dark:text-sky-400"
          >
            choose files
          </button>
          .
        </p>
        <input
          ref={input}
          type="file"
          multiple
          accept={accepted.join(",")}
          aria-label="Choose print files to upload"
          // reached through "choose files": the hidden input is no second, invisible tab stop
          tabIndex={-1}
          className="sr-only"
          onChange={(event) => {
            if (event.target.files?.length) add(event.target.files);
            event.target.value = "";
          }}
        />
      </div>
      {rows.length > 0 ? (
        <ul aria-label="Uploads" className="space-y-2">
          {rows.map((row) => (
            <UploadLine key={row.key} row={row} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function UploadLine({ row }: { row: UploadRow }) {
  const percent = row.size > 0 ? (row.loaded / row.size) * 100 : 0;
  const seconds = row.startedAt !== null ? (performance.now() - row.startedAt) / 1000 : 0;
  const rate = seconds > 0.2 ? row.loaded / seconds : 0;
  const words: Record<UploadRow["status"], string> = {
    waiting: "waiting",
    uploading: `${sizeWords(row.loaded)} of ${sizeWords(row.size)} (${Math.floor(percent)} %)${rate ? `, ${sizeWords(rate)}/s` : ""}`,
    reading: "reading the file…",
    done: `${sizeWords(row.size)}, in the library`,
    failed: "not stored",
  };
  return (
    <li
      data-testid="upload-row"
      data-status={row.status}
      className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800"
    >
      <div className="flex justify-between gap-2">
        <span className="truncate font-medium">{row.name}</span>
        <span className="shrink-0 text-slate-600 dark:text-slate-400">{words[row.status]}</span>
      </div>
      {row.status !== "failed" ? (
        <ProgressBar value={row.status === "done" ? 100 : percent} label={`Upload of ${row.name}`} />
      ) : (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {row.error}
        </p>
      )}
    </li>
  );
}
