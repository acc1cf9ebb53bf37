// A dashboard's live stream, as a browser opens it: the `farm.updates` tRPC subscription over
// server-sent events (GET with Accept: text/event-stream), parsed from fetch's body. A data event
// is a `FarmDeltaMessage` (`upserts` whole rows, `patches` with only the changed fields), or the
// older `{printers, removed}` of whole rows. The subscriber keeps each printer's last state and
// reports (printer id, state, arrival time) only when a row or patch brings a different state: a
// patch without `state` (telemetry) is no change. It also counts the bytes of the stream's body.
import type { FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";

export interface FarmRowSeen {
  printerId: string;
  state: string;
  receivedAt: number;
}

export interface FarmSubscriber {
  /** Resolves once the server has opened the stream. */
  connected: Promise<void>;
  messages(): number;
  /** Bytes of the SSE body received so far (what a browser tab downloads). */
  bytes(): number;
  close(): void;
}

/** The stream before issue 16: every changed printer as a whole row. */
interface LegacyFarmMessage {
  printers: Array<{ id: string; state: string }>;
  removed?: string[];
}

type StateCarrier = { id: string; state?: string };

/** The rows and patches of one data event that carry a state (either wire form). */
export function statesOfMessage(data: string): Array<{ printerId: string; state: string }> {
  const parsed = JSON.parse(data) as { json?: Partial<FarmDeltaMessage> & Partial<LegacyFarmMessage> };
  const message = parsed.json;
  if (!message) return [];
  const carriers: StateCarrier[] = [
    ...((message.upserts ?? []) as StateCarrier[]),
    ...((message.patches ?? []) as StateCarrier[]),
    ...((message.printers ?? []) as StateCarrier[]),
  ];
  return carriers
    .filter((c): c is { id: string; state: string } => typeof c.state === "string")
    .map((c) => ({ printerId: c.id, state: c.state }));
}

/** Each printer's last state as this subscriber has seen it; `changed` is true for a new state. */
export class LastStates {
  private readonly states = new Map<string, string>();

  changed(printerId: string, state: string): boolean {
    if (this.states.get(printerId) === state) return false;
    this.states.set(printerId, state);
    return true;
  }
}

export function subscribeFarm(options: {
  origin: string;
  cookie: string;
  onRow(row: FarmRowSeen): void;
  onError(error: unknown): void;
}): FarmSubscriber {
  const abort = new AbortController();
  let messages = 0;
  let bytes = 0;
  const lastStates = new LastStates();
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const input = encodeURIComponent(JSON.stringify({ json: {} }));

  const handleEvent = (event: string, data: string) => {
    if (event === "connected") return markConnected();
    if (event !== "message" || !data) return;
    const receivedAt = Date.now();
    messages++;
    for (const { printerId, state } of statesOfMessage(data))
      if (lastStates.changed(printerId, state)) options.onRow({ printerId, state, receivedAt });
  };

  void (async () => {
    const response = await fetch(`${options.origin}/api/trpc/farm.updates?input=${input}`, {
      headers: { accept: "text/event-stream", cookie: options.cookie },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`farm.updates answered HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    // a reader, not `for await`: the DOM's ReadableStream type (Playwright's files bring it in) has no iterator
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.byteLength;
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        handleEvent(event, data.join("\n"));
      }
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) options.onError(error);
  });

  return { connected, messages: () => messages, bytes: () => bytes, close: () => abort.abort() };
}
