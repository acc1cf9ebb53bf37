"use client";
// "Add to queue" for a library file (or one plate of it): copies, where it may print, priority
// and the Bambu options; the dispatcher then hands each copy to the next ready printer that fits
// (the AMS mapping is chosen for each printer when it is dispatched).
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { PrintOptionsSchema, type PrintOptions } from "@printernizer/printers";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { PlateChoice } from "../start-print/plate-choice";
import { PrintOptionsFields } from "../start-print/print-options-fields";
import { TargetFields, type TargetChoice } from "./queue-target-fields";

export function AddToQueueDialog({
  open,
  onClose,
  libraryFileId,
  plate,
}: {
  open: boolean;
  onClose: () => void;
  libraryFileId: string;
  plate?: number;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Add to queue" wide>
      {open ? <AddToQueueForm libraryFileId={libraryFileId} presetPlate={plate} onClose={onClose} /> : null}
    </Dialog>
  );
}

function AddToQueueForm({
  libraryFileId,
  presetPlate,
  onClose,
}: {
  libraryFileId: string;
  presetPlate?: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const file = useQuery(trpc.library.get.queryOptions({ id: libraryFileId }));
  const farm = useQuery(trpc.farm.list.queryOptions());
  const [plate, setPlate] = useState(presetPlate ?? 1);
  const [copies, setCopies] = useState("1");
  const [priority, setPriority] = useState("0");
  const [target, setTarget] = useState<TargetChoice>({ target: "any" });
  const [options, setOptions] = useState<PrintOptions>(() => PrintOptionsSchema.parse({}));
  const add = useMutation(trpc.queue.add.mutationOptions());
  const plates = file.data?.metadata.plates ?? [];
  const printers = farm.data ?? [];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    add.mutate({
      libraryFileId,
      plate,
      copies: Number(copies),
      priority: Number(priority),
      target,
      options: { ...options, amsMapping: undefined },
    });
  }

  if (add.data)
    return (
      <div className="space-y-4">
        <p role="status" className="text-sm" data-testid="queue-added">
          Added to the queue: {copies} {copies === "1" ? "copy" : "copies"} of {file.data?.name}. See it on
          the{" "}
          <Link href="/queue" className="text-sky-700 underline dark:text-sky-400">
            queue page
          </Link>
          .
        </p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Close
          </Button>
        </div>
      </div>
    );

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4"
      aria-label="Add to queue"
      data-testid="add-to-queue-dialog"
    >
      <p className="break-all text-sm">
        File: <strong>{file.data?.name ?? "…"}</strong>
      </p>
      {file.error ? <FormMessage>{errorMessage(file.error)}</FormMessage> : null}
      {plates.length > 1 ? <PlateChoice plates={plates} value={plate} onChange={setPlate} /> : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          label="Copies"
          type="number"
          min={1}
          max={1000}
          required
          value={copies}
          onChange={(event) => setCopies(event.target.value)}
        />
        <TextField
          label="Priority"
          hint="From -100 to 100; higher goes first."
          type="number"
          min={-100}
          max={100}
          required
          value={priority}
          onChange={(event) => setPriority(event.target.value)}
        />
      </div>
      <TargetFields
        printers={printers}
        fileModel={file.data?.metadata.printerModel}
        value={target}
        onChange={setTarget}
      />
      <div className="space-y-1">
        <PrintOptionsFields options={options} onChange={setOptions} />
        <p className="text-xs text-muted">
          The options apply to Bambu printers; the AMS slots are matched to the file on each printer.
        </p>
      </div>
      {add.error ? <FormMessage>{errorMessage(add.error)}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={add.isPending || !file.data}>
          {add.isPending ? "Adding…" : "Add to queue"}
        </Button>
      </div>
    </form>
  );
}
