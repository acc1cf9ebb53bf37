"use client";
// The queue's state and the dispatcher's settings: running or "Queue paused by ada at 10:12"
// with Pause/Resume for operators; how many printers may heat up at once and whether files are
// pre-staged, changed by admins and shown to everyone else.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { Button } from "@printernizer/ui/button";
import { CheckboxField, FormMessage, TextField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useInBrowser } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";

type QueueList = RouterOutputs["queue"]["list"];

/** "Queue paused by ada at 10:12"; the time only in the browser (the reader's time zone, no #418). */
export function pausedWords(pausedBy: QueueList["pausedBy"], withTime: boolean): string {
  if (!pausedBy) return "Queue paused";
  const by = `Queue paused${pausedBy.by ? ` by ${pausedBy.by}` : ""}`;
  if (!withTime) return by;
  return `${by} at ${new Date(pausedBy.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
}

export function QueueHeader({
  list,
  canOperate,
  isAdmin,
}: {
  list: QueueList;
  canOperate: boolean;
  isAdmin: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.queue.list.queryKey() });
  const pause = useMutation(trpc.queue.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.queue.resume.mutationOptions({ onSuccess: refresh }));
  const inBrowser = useInBrowser();
  const { settings } = list;
  const failed = pause.error ?? resume.error;
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-3">
        <p
          role="status"
          data-testid="queue-state"
          data-paused={settings.paused}
          className={`font-medium ${settings.paused ? "text-amber-800 dark:text-amber-300" : ""}`}
        >
          {settings.paused
            ? `${pausedWords(list.pausedBy, inBrowser)}. Nothing new is started; running uploads and prints go on.`
            : "Queue running: entries go to the next ready printer that fits."}
        </p>
        {canOperate ? (
          settings.paused ? (
            <Button onClick={() => resume.mutate()} disabled={resume.isPending}>
              Resume queue
            </Button>
          ) : (
            <Button variant="secondary" onClick={() => pause.mutate()} disabled={pause.isPending}>
              Pause queue
            </Button>
          )
        ) : null}
      </div>
      {failed ? <FormMessage>{errorMessage(failed)}</FormMessage> : null}
      {isAdmin ? (
        <DispatcherSettingsForm key={`${settings.maxHeating}-${settings.prestage}`} settings={settings} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="queue-settings">
          At most {settings.maxHeating} {settings.maxHeating === 1 ? "printer heats" : "printers heat"} up at
          once; pre-staging is {settings.prestage ? "on" : "off"}.
        </p>
      )}
    </div>
  );
}

function DispatcherSettingsForm({ settings }: { settings: QueueList["settings"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [maxHeating, setMaxHeating] = useState(String(settings.maxHeating));
  const [prestage, setPrestage] = useState(settings.prestage);
  const save = useMutation(
    trpc.queue.updateSettings.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.queue.list.queryKey() }),
    }),
  );
  const changed = maxHeating !== String(settings.maxHeating) || prestage !== settings.prestage;
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ maxHeating: Number(maxHeating), prestage });
  }
  return (
    <form
      onSubmit={onSubmit}
      aria-label="Dispatcher settings"
      className="flex flex-wrap items-end gap-4"
      data-testid="queue-settings"
    >
      <div className="w-56">
        <TextField
          label="Printers heating up at once"
          hint="Staggered starts: at most this many at a time."
          type="number"
          min={1}
          max={1000}
          required
          value={maxHeating}
          onChange={(event) => setMaxHeating(event.target.value)}
        />
      </div>
      <div className="max-w-xs">
        <CheckboxField
          label="Pre-staging"
          hint="Upload the next entry's file to a printing printer in advance."
          checked={prestage}
          onChange={(event) => setPrestage(event.target.checked)}
        />
      </div>
      <Button type="submit" variant="secondary" disabled={!changed || save.isPending}>
        {save.isPending ? "Saving…" : "Save settings"}
      </Button>
      {save.error ? <FormMessage>{errorMessage(save.error)}</FormMessage> : null}
    </form>
  );
}
