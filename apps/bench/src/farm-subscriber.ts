// A dashboard's live stream, as a browser opens it: the `farm.updates` tRPC subscription over
// server-sent events (GET with Accept: text/event-stream), parsed from fetch's body. Each data
// event carries the rows of printers that changed; the subscriber reports (printer id, state,
// arrival time) for each row to its listener.

export interface FarmRowSeen {
  printerId: string;
  state: string;
  receivedAt: number;
}

export interface FarmSubscriber {
  /** Resolves once the server has opened the stream. */
  connected: Promise<void>;
  messages(): number;
  close(): void;
}

export function subscribeFarm(options: {
  origin: string;
  cookie: string;
  onRow(row: FarmRowSeen): void;
  onError(error: unknown): void;
}): FarmSubscriber {
  const abort = new AbortController();
  let messages = 0;
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const input = encodeURIComponent(JSON.stringify({ json: {} }));

  const handleEvent = (event: string, data: string) => {
    if (event === "connected") return markConnected();
    if (event !== "message" || !data) return;
    const receivedAt = Date.now();
    messages++;
    const parsed = JSON.parse(data) as { json?: { printers?: Array<{ id: string; state: string }> } };
    for (const printer of parsed.json?.printers ?? [])
      options.onRow({ printerId: printer.id, state: printer.state, receivedAt });
  };

  void (async () => {
    const response = await fetch(`${options.origin}/api/trpc/farm.updates?input=${input}`, {
      headers: { accept: "text/event-stream", cookie: options.cookie },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`farm.updates answered HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
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

  return { connected, messages: () => messages, close: () => abort.abort() };
}
