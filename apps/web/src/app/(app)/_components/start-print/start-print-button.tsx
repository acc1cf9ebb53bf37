"use client";
// "Print…" for a library file (or one plate of it): opens the start dialog. Rendered only for
// operators and admins by its callers; the server refuses viewers anyway.
import { useState } from "react";
import { Button, type ButtonVariant } from "@printernizer/ui/button";
import { StartPrintDialog, type StartPrintPreset } from "./start-print-dialog";

export function StartPrintButton({
  libraryFileId,
  plate,
  printerId,
  label = "Print…",
  variant = "primary",
}: {
  libraryFileId: string;
  plate?: number;
  printerId?: string;
  label?: string;
  variant?: ButtonVariant;
}) {
  const [open, setOpen] = useState(false);
  const preset: StartPrintPreset = { libraryFileId, plate, printerId };
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <StartPrintDialog open={open} onClose={() => setOpen(false)} preset={preset} />
    </>
  );
}
