"use client";
// Creating a wall-display link: a name, then the full link, shown this once with a copy button
// (only its SHA-256 is kept, so nobody can show it again).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { errorMessage, fieldErrors } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

export function NewLinkDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const create = useMutation(trpc.kiosk.create.mutationOptions());
  const link = create.data ? `${window.location.origin}/wall/${create.data.token}` : null;
  const close = () => {
    create.reset();
    setName("");
    setCopied(null);
    onClose();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link!);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <Dialog open={open} onClose={close} title={link ? "Wall-display link created" : "New wall-display link"}>
      {link ? (
        <div className="space-y-3">
          <p className="text-sm">
            Open this link on the wall screen. It is shown only now: copy it before you close this dialog.
            Anyone with the link sees the farm (no controls) until you revoke it.
          </p>
          <TextField
            label="Link"
            value={link}
            readOnly
            data-testid="new-wall-link"
            onFocus={(e) => e.target.select()}
          />
          {copied === "copied" ? <FormMessage tone="success">Copied to the clipboard.</FormMessage> : null}
          {copied === "failed" ? (
            <FormMessage tone="info">
              This browser did not allow copying: select the link and copy it.
            </FormMessage>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => void copy()}>
              Copy link
            </Button>
            <Button onClick={close}>Done</Button>
          </div>
        </div>
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
