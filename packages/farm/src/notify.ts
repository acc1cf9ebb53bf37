// The payload of every LISTEN/NOTIFY channel (names in `@printernizer/db/channels`), typed
// on both sides: senders go through `notify`/`notifyAll`, listeners through `decodeNotification`
// or a channel's `decode`. Payloads stay small (ids and what changed), never farm state.
// Anyone who can reach the database can NOTIFY anything, so decoding is bounded and never
// throws: a payload that does not fit its channel is `null`, and listeners ignore it.
import { z } from "zod";
import { channels } from "@printernizer/db/channels";

/** Postgres refuses a NOTIFY payload of 8000 bytes or more; anything longer is not ours. */
export const maxPayloadLength = 7_999;

const rowId = z.string().min(1).max(1_024);

/** What a `printerUpdates` notification says changed. */
export const printerChangeKinds = ["status", "event", "sample", "job"] as const;
export type PrinterChangeKind = (typeof printerChangeKinds)[number];

export interface PrinterUpdate {
  printerId: string;
  changes: PrinterChangeKind[];
}

/** On the wire as `{ p, c }`: a batch NOTIFYs one payload per printer touched. */
const printerUpdateWire = z.strictObject({
  p: rowId,
  c: z.array(z.enum(printerChangeKinds)).min(1).max(printerChangeKinds.length),
});

export interface ChannelCodec<T> {
  /** The Postgres channel name. */
  channel: string;
  /** Throws on a payload that breaks the channel's schema: a sender's bug, not input. */
  encode(payload: T): string;
  /** `null` for anything that is not a payload of this channel. */
  decode(raw: string): T | null;
}

/** Channels whose payload is one row id, sent as it is (the `Printer` trigger sends `printersChanged`). */
function idChannel(channel: string): ChannelCodec<string> {
  return {
    channel,
    encode: (id) => rowId.parse(id),
    decode: (raw) => {
      const parsed = rowId.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
  };
}

const printerUpdates: ChannelCodec<PrinterUpdate> = {
  channel: channels.printerUpdates,
  encode: (update) => {
    const wire = printerUpdateWire.parse({ p: update.printerId, c: [...new Set(update.changes)] });
    return JSON.stringify(wire);
  },
  decode: (raw) => {
    if (raw.length > maxPayloadLength) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = printerUpdateWire.safeParse(json);
    return parsed.success ? { printerId: parsed.data.p, changes: parsed.data.c } : null;
  },
};

export const notificationChannels = {
  /** A printer row was added, edited, enabled/disabled or removed (trigger on `Printer`). Payload: printer id. */
  printersChanged: idChannel(channels.printersChanged),
  /** A command row is waiting. Payload: command id. */
  commandRequested: idChannel(channels.commandRequested),
  /** A command finished (done/failed/expired). Payload: command id. */
  commandFinished: idChannel(channels.commandFinished),
  /** A webhook delivery was queued outside the worker (e.g. "send test"). Payload: delivery id. */
  webhookQueued: idChannel(channels.webhookQueued),
  /** A worker wrote status, events, samples or jobs of a printer. */
  printerUpdates,
  /** The farm queue, a print start or a printer's plate changed. Payload: the changed row's id. */
  queueChanged: idChannel(channels.queueChanged),
} satisfies { [N in keyof typeof channels]: ChannelCodec<unknown> };

export type ChannelName = keyof typeof notificationChannels;
export type PayloadOf<N extends ChannelName> =
  (typeof notificationChannels)[N] extends ChannelCodec<infer T> ? T : never;
export type Notification = { [N in ChannelName]: { name: N; payload: PayloadOf<N> } }[ChannelName];

const nameOfChannel = new Map<string, ChannelName>(
  Object.entries(notificationChannels).map(([name, codec]) => [codec.channel, name as ChannelName]),
);

/** A notification as received on Postgres channel `channel`; `null` when the channel is not ours or the payload does not fit it. */
export function decodeNotification(channel: string, raw: string): Notification | null {
  const name = nameOfChannel.get(channel);
  if (!name) return null;
  const payload = notificationChannels[name].decode(raw);
  return payload === null ? null : ({ name, payload } as Notification);
}

/** Anything that runs SQL: the Prisma client or a transaction. */
export interface SqlRunner {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/** NOTIFYs every payload on the channel in one statement (inside `sql`'s transaction, if it is one). */
export async function notifyAll<N extends ChannelName>(
  sql: SqlRunner,
  name: N,
  payloads: readonly PayloadOf<N>[],
): Promise<void> {
  if (!payloads.length) return;
  const codec = notificationChannels[name] as ChannelCodec<PayloadOf<N>>;
  const encoded = payloads.map((payload) => codec.encode(payload));
  await sql.$executeRawUnsafe(`SELECT pg_notify($1, x) FROM unnest($2::text[]) AS x`, codec.channel, encoded);
}

export function notify<N extends ChannelName>(sql: SqlRunner, name: N, payload: PayloadOf<N>): Promise<void> {
  return notifyAll(sql, name, [payload]);
}
