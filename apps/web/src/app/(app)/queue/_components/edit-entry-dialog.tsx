"use client";
// Change how many copies an entry prints and its priority (higher goes first). The server says
// in words what it refuses (e.g. fewer copies than already started).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage, TextField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import type { QueueEntry } from "./queue-entry-item";

export function EditEntryDialog({ entry, onClose }: { entry: QueueEntry | null; onClose: () => void }) {
  return (
    <Dialog open={!!entry} onClose={onClose} title="Edit queue entry">
      {entry ? <EditEntryForm key={entry.id} entry={entry} onClose={onClose} /> : null}
    </Dialog>
  );
}

function EditEntryForm({ entry, onClose }: { entry: QueueEntry; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [copies, setCopies] = useState(String(entry.copies));
  const [priority, setPriority] = useState(String(entry.priority));
  const update = useMutation(
    trpc.queue.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.queue.list.queryKey() });
        onClose();
      },
    }),
  );
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ entryId: entry.id, copies: Number(copies), priority: Number(priority) });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <p className="break-all text-sm">
        {entry.file.name}, plate {entry.plate} ({entry.copiesStarted} started so far)
      </p>
      <TextField
        label="Copies"
        type="number"
        min={Math.max(1, entry.copiesStarted)}
        max={1000}
        required
        value={copies}
        onChange={(event) => setCopies(event.target.value)}
      />
      <TextField
        label="Priority"
        hint="From -100 to 100; higher goes first, equal priorities keep their order."
        type="number"
        min={-100}
        max={100}
        required
        value={priority}
        onChange={(event) => setPriority(event.target.value)}
      />
      {update.error ? <FormMessage>{errorMessage(update.error)}</FormMessage> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
