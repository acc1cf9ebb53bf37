"use client";
// Creating a wall-display link: a name, then the full link, shown this once with a copy button
// (only its SHA-256 is kept, so nobody can show it again).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { ShownOnce } from "@printernizer/ui/shown-once";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

export function NewLinkDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const create = useMutation(trpc.kiosk.create.mutationOptions());
  const link = create.data ? `${window.location.origin}/wall/${create.data.token}` : null;
  const close = () => {
    create.reset();
    setName("");
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={link ? "Wall-display link created" : "New wall-display link"}>
      {link ? (
        <ShownOnce label="Link" value={link} testId="new-wall-link" onDone={close}>
          <p className="text-sm">
            Open this link on the wall screen. It is shown only now: copy it before you close this dialog.
            Anyone with the link sees the farm (no controls) until you revoke it.
          </p>
        </ShownOnce>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name });
          }}
        >
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Workshop TV"
            hint="Where the screen hangs, so you know which link to revoke later."
            error={fieldErrors(create.error).name}
            required
            maxLength={100}
          />
          {create.error && !fieldErrors(create.error).name ? (
            <FormMessage>{errorMessage(create.error)}</FormMessage>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              Create link
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
