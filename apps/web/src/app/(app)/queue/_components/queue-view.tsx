"use client";
// The farm queue, live (refetched every 2 s): the queue's state and settings, the entries in
// dispatch order (waiting, uploading, printing) and the recent done and cancelled ones. Operators
// reorder by drag and drop or the Up/Down buttons, edit and cancel entries.
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type DragEvent } from "react";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import { EditEntryDialog } from "./edit-entry-dialog";
import { QueueEntryItem, type EntryControls, type QueueEntry } from "./queue-entry-item";
import { QueueHeader } from "./queue-header";
import { applyMove, dropMove, stepMove, type QueueMove } from "./queue-moves";

const liveIntervalMs = 2_000;

export function QueueView({ canOperate, isAdmin }: { canOperate: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // suspense, as the page prefetches it: with useQuery the server's HTML ("Loading…" or the list)
  // depended on whether the prefetch had finished, and React threw #418 when the browser's differed
  const list = useSuspenseQuery({ ...trpc.queue.list.queryOptions(), refetchInterval: liveIntervalMs });
  const [editing, setEditing] = useState<QueueEntry | null>(null);
  const [cancelling, setCancelling] = useState<QueueEntry | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropAt, setDropAt] = useState<{ id: string; side: "upper" | "lower" } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.queue.list.queryKey() });
  const reorder = useMutation(trpc.queue.reorder.mutationOptions({ onSettled: refresh }));
  const cancel = useMutation(
    trpc.queue.cancel.mutationOptions({
      onSuccess: () => setCancelling(null),
      onSettled: refresh,
    }),
  );

  if (list.error) return <FormMessage>{errorMessage(list.error)}</FormMessage>;
  const { waiting, finished } = list.data;
  const serverOrder = waiting.map((e) => e.id);
  // while a move is being stored, show the order it makes
  const order =
    reorder.isPending && reorder.variables ? applyMove(serverOrder, reorder.variables) : serverOrder;
  const byId = new Map(waiting.map((e) => [e.id, e]));
  const queued = order.flatMap((id) => byId.get(id) ?? []);
  const move = (m: QueueMove | null) => {
    if (m) reorder.mutate(m);
  };

  const controlsFor = (entry: QueueEntry, index: number): EntryControls | undefined =>
    canOperate
      ? {
          canMoveUp: index > 0,
          canMoveDown: index < queued.length - 1,
          onMove: (direction) => move(stepMove(order, entry.id, direction)),
          onEdit: () => setEditing(entry),
          onCancel: () => setCancelling(entry),
          busy: reorder.isPending,
          drag: {
            onDragStart: (event: DragEvent) => {
              event.dataTransfer.effectAllowed = "move";
              event.dataTransfer.setData("text/plain", entry.id);
              setDragged(entry.id);
            },
            onDragOver: (event: DragEvent) => {
              if (!dragged || dragged === entry.id) return;
              event.preventDefault();
              const box = event.currentTarget.getBoundingClientRect();
              const side = event.clientY < box.top + box.height / 2 ? "upper" : "lower";
              if (dropAt?.id !== entry.id || dropAt.side !== side) setDropAt({ id: entry.id, side });
            },
            onDrop: (event: DragEvent) => {
              event.preventDefault();
              if (dragged && dropAt) move(dropMove(order, dragged, entry.id, dropAt.side));
              setDragged(null);
              setDropAt(null);
            },
            onDragEnd: () => {
              setDragged(null);
              setDropAt(null);
            },
            dropSide: dropAt?.id === entry.id ? dropAt.side : null,
          },
        }
      : undefined;

  const count = (state: QueueEntry["state"]) =>
    [...waiting, ...finished].filter((e) => e.state === state).length;
  const done = finished.filter((e) => e.state === "done");
  const cancelled = finished.filter((e) => e.state === "cancelled");

  return (
    <div className="space-y-6">
      <QueueHeader list={list.data} canOperate={canOperate} isAdmin={isAdmin} />
      <section aria-labelledby="queue-waiting-heading" className="space-y-2">
        <h2 id="queue-waiting-heading" className="text-lg font-semibold">
          In the queue
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="queue-tally">
          {count("waiting")} waiting · {count("uploading")} uploading · {count("printing")} printing
        </p>
        {reorder.error ? <FormMessage>{errorMessage(reorder.error)}</FormMessage> : null}
        {queued.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Nothing is queued. Add a file from its page in the{" "}
            <Link href="/library" className="text-sky-700 underline dark:text-sky-400">
              library
            </Link>
            .
          </p>
        ) : (
          <ol aria-label="Queue entries in dispatch order" className="space-y-2" data-testid="queue-waiting">
            {queued.map((entry, index) => (
              <QueueEntryItem key={entry.id} entry={entry} controls={controlsFor(entry, index)} />
            ))}
          </ol>
        )}
      </section>
      <FinishedSection title="Done (recent)" testId="queue-done" entries={done} empty="Nothing done yet." />
      <FinishedSection
        title="Cancelled (recent)"
        testId="queue-cancelled"
        entries={cancelled}
        empty="Nothing cancelled."
      />
      <EditEntryDialog entry={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={!!cancelling}
        title="Cancel this queue entry?"
        confirmLabel="Cancel entry"
        variant="danger"
        busy={cancel.isPending}
        onConfirm={() => cancelling && cancel.mutate({ entryId: cancelling.id })}
        onCancel={() => {
          setCancelling(null);
          cancel.reset();
        }}
      >
        <p>
          No more copies of <strong className="break-all">{cancelling?.file.name}</strong> are started. Prints
          already running go on.
        </p>
        {cancel.error ? <FormMessage>{errorMessage(cancel.error)}</FormMessage> : null}
      </ConfirmDialog>
    </div>
  );
}

function FinishedSection({
  title,
  testId,
  entries,
  empty,
}: {
  title: string;
  testId: string;
  entries: QueueEntry[];
  empty: string;
}) {
  return (
    <section className="space-y-2" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="space-y-2" data-testid={testId}>
          {entries.map((entry) => (
            <QueueEntryItem key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}
