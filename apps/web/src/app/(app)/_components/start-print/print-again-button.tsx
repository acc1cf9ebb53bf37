"use client";
// "Print again" for a job Printernizer started: the start dialog pre-filled with the same file,
// plate and options on the same printer (another may be chosen); the same checks as any start.
import { useState } from "react";
import { PrintOptionsSchema } from "@printernizer/printers";
import { Button } from "@printernizer/ui/button";
import { StartPrintDialog } from "./start-print-dialog";

export interface EarlierStart {
  libraryFileId: string;
  plate: number;
  /** PrintOptions as stored with the earlier start. */
  options: unknown;
}

export function PrintAgainButton({
  start,
  printerId,
  jobName,
}: {
  start: EarlierStart;
  printerId: string;
  jobName: string;
}) {
  const [open, setOpen] = useState(false);
  const options = PrintOptionsSchema.safeParse(start.options);
  return (
    <>
      <Button
        variant="ghost"
        className="px-2 py-0.5"
        onClick={() => setOpen(true)}
        aria-label={`Print ${jobName} again`}
      >
        Print again
      </Button>
      <StartPrintDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Print again"
        preset={{
          libraryFileId: start.libraryFileId,
          plate: start.plate,
          printerId,
          otherPrinters: true,
          options: options.success ? options.data : undefined,
        }}
      />
    </>
  );
}
