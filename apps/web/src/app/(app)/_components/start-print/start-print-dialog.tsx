"use client";
// Start a library file on a printer: choose the printer (readiness in words), the plate of a
// multi-plate 3MF, read the compatibility check (blocking problems stop the start, the others
// need "Start anyway"), set the Bambu options and the AMS mapping, then follow the start live
// until the printer prints or says why not. Used by the library file page, the printer page
// (printer fixed) and "Print again" (file, plate and options of the earlier start pre-filled).
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { PrintOptionsSchema, type PrintOptions, type PrintOptionsInput } from "@printernizer/printers";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { AmsMappingEditor } from "./ams-mapping-editor";
import { CompatibilityResult } from "./compatibility-result";
import { PlateChoice } from "./plate-choice";
import { PrintOptionsFields } from "./print-options-fields";
import { PrinterChoice } from "./printer-choice";
import { StartProgress } from "./start-progress";

export interface StartPrintPreset {
  libraryFileId: string;
  plate?: number;
  /** The printer chosen at first (printer page, reprint). */
  printerId?: string;
  /** Other printers may be chosen instead of `printerId` (reprint from the job history). */
  otherPrinters?: boolean;
  /** Options of an earlier start (reprint). */
  options?: PrintOptionsInput;
}

export function StartPrintDialog({
  open,
  onClose,
  preset,
  title = "Start a print",
}: {
  open: boolean;
  onClose: () => void;
  preset: StartPrintPreset;
  title?: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} wide>
      {open ? <StartPrintForm preset={preset} onClose={onClose} /> : null}
    </Dialog>
  );
}

function StartPrintForm({ preset, onClose }: { preset: StartPrintPreset; onClose: () => void }) {
  const trpc = useTRPC();
  const file = useQuery(trpc.library.get.queryOptions({ id: preset.libraryFileId }));
  const farm = useQuery(trpc.farm.list.queryOptions());
  const [printerId, setPrinterId] = useState<string | null>(preset.printerId ?? null);
  const [plate, setPlate] = useState(preset.plate ?? 1);
  const [options, setOptions] = useState<PrintOptions>(() => PrintOptionsSchema.parse(preset.options ?? {}));
  const [override, setOverride] = useState(false);
  const [started, setStarted] = useState<{ commandId: string; printerName: string } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const printers = farm.data ?? [];
  const printer = printers.find((p) => p.id === printerId);
  const isBambu = printer?.kind === "bambu";
  // The check runs again with the person's mapping, so its problems are about what will be sent.
  const check = useQuery({
    ...trpc.print.check.queryOptions({
      libraryFileId: preset.libraryFileId,
      printerId: printerId ?? "",
      plate,
      ...(isBambu
        ? { useAms: options.useAms, amsMapping: options.useAms ? options.amsMapping : undefined }
        : {}),
    }),
    enabled: !!printerId,
    placeholderData: keepPreviousData,
  });
  const checked =
    check.data && check.data.printer.id === printerId && check.data.plate === plate ? check.data : null;
  // A new check: its AMS mapping (automatic, or the edited one as checked), and a fresh decision about overriding.
  useEffect(() => {
    setOverride(false);
    setRefused(null);
    const mapping = check.data?.compatibility.amsMapping;
    if (mapping)
      setOptions((current) =>
        current.amsMapping && current.amsMapping.join() === mapping.join()
          ? current
          : { ...current, amsMapping: mapping },
      );
  }, [check.data]);
  /** Another printer or plate: the automatic mapping for it, unless this is the earlier start's own. */
  const choose = (next: { printerId?: string; plate?: number }) => {
    const nextPrinter = next.printerId ?? printerId;
    const nextPlate = next.plate ?? plate;
    const earlier = nextPrinter === preset.printerId && nextPlate === (preset.plate ?? 1);
    setOptions((current) => ({ ...current, amsMapping: earlier ? preset.options?.amsMapping : undefined }));
    if (next.printerId) setPrinterId(next.printerId);
    if (next.plate) setPlate(next.plate);
  };
  const start = useMutation(trpc.print.start.mutationOptions());

  const plates = file.data?.metadata.plates ?? [];
  const problems = checked?.compatibility.problems ?? [];
  const blocked = problems.some((p) => p.level === "blocking");
  const needsOverride = !blocked && problems.some((p) => p.level === "mismatch");
  const notReady = checked && !checked.readiness.ready ? checked.readiness.reason : null;
  const canStart =
    !!printer && !!checked && !check.isFetching && !notReady && !blocked && (!needsOverride || override);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!printer || !canStart) return;
    setRefused(null);
    try {
      const { commandId } = await start.mutateAsync({
        libraryFileId: preset.libraryFileId,
        printerId: printer.id,
        plate,
        options: isBambu ? options : { ...options, amsMapping: undefined },
        override,
      });
      setStarted({ commandId, printerName: printer.name });
    } catch (failure) {
      setRefused(errorMessage(failure));
    }
  }

  if (started)
    return (
      <div className="space-y-4">
        <StartProgress commandId={started.commandId} printerName={started.printerName} />
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Close
          </Button>
        </div>
      </div>
    );

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Start a print" data-testid="start-dialog">
      <p className="text-sm">
        File: <strong data-testid="start-file-name">{file.data?.name ?? "…"}</strong>
      </p>
      {file.error ? <FormMessage>{errorMessage(file.error)}</FormMessage> : null}
      {plates.length > 1 ? (
        <PlateChoice plates={plates} value={plate} onChange={(next) => choose({ plate: next })} />
      ) : null}
      <PrinterChoice
        printers={
          preset.printerId && !preset.otherPrinters
            ? printers.filter((p) => p.id === preset.printerId)
            : printers
        }
        value={printerId}
        onChange={(next) => choose({ printerId: next })}
      />
      {printerId && check.isFetching ? (
        <p role="status" className="text-sm text-muted">
          Checking…
        </p>
      ) : null}
      {check.error ? <FormMessage>{errorMessage(check.error)}</FormMessage> : null}
      {notReady ? <FormMessage>{notReady}</FormMessage> : null}
      {checked ? (
        <CompatibilityResult problems={problems} override={override} onOverride={setOverride} />
      ) : null}
      {checked && isBambu ? (
        <>
          <PrintOptionsFields options={options} onChange={setOptions} />
          {options.useAms && checked.compatibility.slots.length ? (
            <AmsMappingEditor
              needs={checked.compatibility.slots}
              trays={checked.filament}
              mapping={options.amsMapping ?? []}
              onChange={(amsMapping) => setOptions({ ...options, amsMapping })}
            />
          ) : null}
        </>
      ) : null}
      {refused ? <FormMessage>{refused}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={!canStart || start.isPending}>
          {start.isPending ? "Starting…" : "Start print"}
        </Button>
      </div>
    </form>
  );
}
