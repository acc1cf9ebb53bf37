"use client";
// One library file: what the slicer wrote into it (slicer, printer model, nozzle, layer height,
// print time, filaments with their colours), its plates with their pictures, and where it was
// started. "Print…" (the start dialog) for the whole file and for each plate.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@printernizer/api";
import { cssColor } from "@printernizer/ui/filament-swatches";
import { FormMessage } from "@printernizer/ui/form-field";
import { formatDuration } from "@printernizer/ui/format";
import { LocalTime } from "~/app/_lib/local-time";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../../../_lib/trpc-error";
import { sizeWords } from "../../../api/library/size-words";
import { AddToQueueButton } from "../../_components/add-to-queue/add-to-queue-button";
import { StartPrintButton } from "../../_components/start-print/start-print-button";
import { Thumbnail } from "./library-list";
import { slicedForWords } from "./model-words";

type FileDetail = RouterOutputs["library"]["get"];
type Filament = FileDetail["metadata"]["filaments"][number];

export function LibraryFileView({ fileId, canPrint }: { fileId: string; canPrint: boolean }) {
  const trpc = useTRPC();
  const file = useQuery(trpc.library.get.queryOptions({ id: fileId }));
  if (file.error)
    return (
      <div className="space-y-2">
        <FormMessage>{errorMessage(file.error)}</FormMessage>
        <Link href="/library" className="text-sm text-sky-700 underline dark:text-sky-400">
          Back to the library
        </Link>
      </div>
    );
  if (!file.data) return <p className="text-sm text-muted">Loading…</p>;
  const f = file.data;
  const m = f.metadata;
  const facts: [string, React.ReactNode][] = [
    ["Slicer", m.slicer],
    ["Sliced for", slicedForWords(m.printerModel)],
    ["Nozzle", m.nozzleDiameter !== undefined ? `${m.nozzleDiameter} mm` : undefined],
    ["Layer height", m.layerHeight !== undefined ? `${m.layerHeight} mm` : undefined],
    ["Print time", m.estimatedSeconds !== undefined ? formatDuration(m.estimatedSeconds) : undefined],
    ["Size", sizeWords(f.size)],
    [
      "Uploaded",
      <>
        <LocalTime date={f.createdAt} />
        {f.uploadedBy ? ` by ${f.uploadedBy}` : ""}
      </>,
    ],
  ];
  return (
    <article aria-labelledby="library-file-heading" className="space-y-6">
      <nav className="text-sm text-slate-600 dark:text-slate-400">
        <Link href="/library" className="hover:underline">
          Library
        </Link>{" "}
        / {f.name}
      </nav>
      <header className="flex flex-wrap items-start gap-4">
        <Thumbnail sha256={f.thumbnailSha256} name={f.name} size="h-40 w-40" />
        <div className="min-w-0 flex-1 space-y-3">
          <h1 id="library-file-heading" className="break-all text-xl font-semibold">
            {f.name}
          </h1>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
                <dd>{value ?? "not in the file"}</dd>
              </div>
            ))}
          </dl>
          <FilamentNeeds filaments={m.filaments} />
          {canPrint ? (
            // Print slot: the start dialog (start-print/) for the whole file.
            <div className="flex flex-wrap gap-2">
              <StartPrintButton libraryFileId={f.id} />
              <AddToQueueButton libraryFileId={f.id} />
            </div>
          ) : null}
        </div>
      </header>
      {m.warnings.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-amber-800 dark:text-amber-300">
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {m.plates.length > 0 ? (
        <section aria-labelledby="plates-heading" className="space-y-2">
          <h2 id="plates-heading" className="text-lg font-semibold">
            Plates
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {m.plates.map((plate) => (
              <li
                key={plate.index}
                data-testid="library-plate"
                className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
              >
                <Thumbnail
                  sha256={plate.thumbnailSha256 ?? null}
                  name={`plate ${plate.index}`}
                  size="h-40 w-40"
                />
                <p className="font-medium">
                  Plate {plate.index}
                  {plate.name ? `: ${plate.name}` : ""}
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {[
                    plate.estimatedSeconds !== undefined ? formatDuration(plate.estimatedSeconds) : null,
                    plate.weightGrams !== undefined ? `${plate.weightGrams} g` : null,
                    plate.objects?.length ? plate.objects.join(", ") : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
                <FilamentNeeds filaments={plate.filaments} />
                {canPrint ? (
                  <div className="flex flex-wrap gap-2">
                    <StartPrintButton
                      libraryFileId={f.id}
                      plate={plate.index}
                      label={`Print plate ${plate.index}…`}
                      variant="secondary"
                    />
                    <AddToQueueButton
                      libraryFileId={f.id}
                      plate={plate.index}
                      label={`Queue plate ${plate.index}…`}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <StartsTable starts={f.starts} queued={f.queuedEntries} />
    </article>
  );
}

function FilamentNeeds({ filaments }: { filaments: Filament[] }) {
  if (filaments.length === 0) return null;
  return (
    <ul aria-label="Filaments" className="flex flex-wrap gap-2 text-sm">
      {filaments.map((fil) => (
        <li key={fil.index} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block h-4 w-4 rounded-sm border border-slate-300 dark:border-slate-600"
            style={{ backgroundColor: cssColor(fil.color) ?? "transparent" }}
          />
          {fil.index}: {fil.type ?? "filament"}
          {fil.color ? ` ${fil.color}` : ""}
          {fil.grams !== undefined ? `, ${fil.grams} g` : ""}
        </li>
      ))}
    </ul>
  );
}

function StartsTable({ starts, queued }: { starts: FileDetail["starts"]; queued: number }) {
  return (
    <section aria-labelledby="starts-heading" className="space-y-2">
      <h2 id="starts-heading" className="text-lg font-semibold">
        Started on
      </h2>
      {queued > 0 ? (
        <p className="text-sm">
          {queued} queue {queued === 1 ? "entry waits" : "entries wait"} for this file (
          <Link href="/queue" className="text-sky-700 underline dark:text-sky-400">
            queue
          </Link>
          ).
        </p>
      ) : null}
      {starts.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Not started on any printer yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {starts.map((s) => (
            <li key={s.id} className="flex flex-wrap gap-x-3 py-1">
              <Link
                href={`/printers/${s.printerId}`}
                className="font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                {s.printerName}
              </Link>
              <span>plate {s.plate}</span>
              <span>{s.status}</span>
              <LocalTime date={s.createdAt} />
              {s.error ? <span className="text-red-700 dark:text-red-400">{s.error}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
