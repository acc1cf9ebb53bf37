"use client";
// The event log as a table of sentences: repeats collapsed into one row with "×5 in 10 min"
// (a button that shows every event of the group), the raw payload behind each row's
// "Details" button. Times are written in the reader's time zone once the page runs.
import { Fragment, useState, type ReactNode } from "react";
import { useInBrowser } from "~/app/_lib/use-now";
import { eventSentence } from "./event-sentence";
import { groupEvents, groupSentence, repeatLabel, type GroupableEvent } from "./group-events";

const toggleClass =
  "rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800";

function EventTime({ date }: { date: Date }) {
  const inBrowser = useInBrowser();
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap">
      {inBrowser ? date.toLocaleString([], { dateStyle: "short", timeStyle: "medium" }) : ""}
    </time>
  );
}

function EventRow({
  event,
  sentence,
  member,
  extra,
}: {
  event: GroupableEvent;
  sentence: string;
  member?: boolean;
  extra?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const detailsId = `event-details-${event.id}`;
  return (
    <tr
      data-event-type={event.type}
      data-event-id={event.id}
      data-group-member={member ? "" : undefined}
      className={member ? "bg-slate-50 dark:bg-slate-950" : undefined}
    >
      <td className="px-3 py-2 align-top">
        <EventTime date={event.createdAt} />
      </td>
      <td className="px-3 py-2 align-top">{event.printerName ?? "–"}</td>
      <td className={`px-3 py-2 align-top ${member ? "pl-6" : ""}`}>
        <div className="flex flex-wrap items-center gap-2">
          <span className="break-words" data-testid="event-sentence">
            {sentence}
          </span>
          {extra}
          <button
            type="button"
            className={toggleClass}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
          >
            Details
          </button>
        </div>
        {open ? (
          <pre
            id={detailsId}
            data-testid="event-details"
            className="mt-2 max-w-full overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-800"
          >
            {JSON.stringify({ type: event.type, payload: event.payload }, null, 2)}
          </pre>
        ) : null}
      </td>
    </tr>
  );
}

export function EventTable<E extends GroupableEvent>({
  events,
  empty,
  testId,
}: {
  events: readonly E[];
  empty: ReactNode;
  testId: string;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const groups = groupEvents(events);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">Printer events, newest first; repeated events are grouped</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Printer
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              What happened
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {groups.length === 0 ? (
            <tr>
              <td
                colSpan={3}
                className="px-3 py-6 text-center text-slate-600 dark:text-slate-400"
                role="status"
              >
                {empty}
              </td>
            </tr>
          ) : (
            groups.map((group) => {
              const [head, ...rest] = group.events;
              const open = expanded.has(group.key);
              const label = repeatLabel(group);
              return (
                <Fragment key={group.key}>
                  <EventRow
                    event={head!}
                    sentence={open ? eventSentence(head!) : groupSentence(group)}
                    extra={
                      label ? (
                        <button
                          type="button"
                          className={toggleClass}
                          data-testid="event-group-toggle"
                          data-count={group.events.length}
                          aria-expanded={open}
                          aria-label={`${label}: ${open ? "hide" : "show"} all ${group.events.length} events`}
                          onClick={() => toggle(group.key)}
                        >
                          {label}
                        </button>
                      ) : null
                    }
                  />
                  {open
                    ? rest.map((event) => (
                        <EventRow key={event.id} event={event} sentence={eventSentence(event)} member />
                      ))
                    : null}
                </Fragment>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
