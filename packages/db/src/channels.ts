// Postgres LISTEN/NOTIFY channel names shared by web and worker (and the `Printer` trigger's
// SQL). Payloads stay small (ids and what changed), never the farm state: listeners read what
// they need from the rows. Each channel's payload is typed, encoded and decoded in
// `@printernizer/farm/notify`; listening (with reconnects) is `@printernizer/db/listen`.
export const channels = {
  /** A printer row was added, edited, enabled/disabled or removed. Payload: printer id. */
  printersChanged: "printernizer_printers",
  /** A command row is waiting. Payload: command id. */
  commandRequested: "printernizer_commands",
  /** A command finished (done/failed/expired). Payload: command id. */
  commandFinished: "printernizer_command_results",
  /** A webhook delivery was queued outside the worker (e.g. "send test"). Payload: delivery id. */
  webhookQueued: "printernizer_webhooks",
  /** Printer status/events/samples/jobs changed. Payload: JSON `{ p: printerId, c: ("status"|"event"|"sample"|"job")[] }`. */
  printerUpdates: "printernizer_updates",
  /** The farm queue, a print start or a printer's plate changed (wakes the dispatcher, refreshes queue pages). Payload: the row id. */
  queueChanged: "printernizer_queue",
} as const;

export type Channel = (typeof channels)[keyof typeof channels];
