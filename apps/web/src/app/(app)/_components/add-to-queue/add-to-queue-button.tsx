"use client";
// "Add to queue…" for a library file or one plate of it: opens the add-to-queue dialog. Rendered
// only for operators and admins by its callers; the server refuses viewers anyway.
import { useState } from "react";
import { Button, type ButtonVariant } from "@printernizer/ui/button";
import { AddToQueueDialog } from "./add-to-queue-dialog";

export function AddToQueueButton({
  libraryFileId,
  plate,
  label = "Add to queue…",
  variant = "secondary",
}: {
  libraryFileId: string;
  plate?: number;
  label?: string;
  variant?: ButtonVariant;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <AddToQueueDialog
        open={open}
        onClose={() => setOpen(false)}
        libraryFileId={libraryFileId}
        plate={plate}
      />
    </>
  );
}
