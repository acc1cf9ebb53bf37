import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "../farm";
import type { FarmDeltaMessage } from "./farm-delta";
import { farmUpdates, maxQueuedMessages } from "./farm-updates";

function row(id: string, at: number): FarmPrinter {
  return { id, name: id, state: "printing", updatedAt: new Date(at) } as FarmPrinter;
}

/** The part of a farm cache a stream uses: its rows, and messages sent by hand. */
function fakeCache() {
  const rows = new Map<string, FarmPrinter>();
  const listeners = new Set<(message: FarmDeltaMessage) => void>();
  let at = 0;
  const cache = {
    closedSignal: new AbortController().signal,
    get cursor() {
      return new Date(at).toISOString();
    },
    row: (id: string) => rows.get(id),
    subscribe(listener: (message: FarmDeltaMessage) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resumeFrom: () => Promise.reject(new Error("not used")),
  };
  const send = (part: Partial<FarmDeltaMessage>) => {
    const message = { cursor: cache.cursor, resync: false, upserts: [], patches: [], removed: [], ...part };
    for (const listener of listeners) listener(message);
    return message;
  };
  /** The cache took a new version of the printer and sent it as a patch. */
  const change = (id: string) => {
    const next = row(id, ++at);
    rows.set(id, next);
    return send({ patches: [{ id, updatedAt: next.updatedAt, state: next.state }] });
  };
  const remove = (id: string) => {
    rows.delete(id);
    return send({ removed: [id] });
  };
  return { cache, change, remove, listeners };
}

describe("farmUpdates", () => {
  it("hands a stream that reads late every message, the same objects, in order", async () => {
    const { cache, change } = fakeCache();
    const controller = new AbortController();
    const stream = farmUpdates(cache, { signal: controller.signal });
    const first = stream.next(); // subscribes
    const sent = [change("a")];
    expect((await first).value).toBe(sent[0]);
    for (let i = 0; i < maxQueuedMessages; i++) sent.push(change(i % 2 ? "a" : "b"));
    for (const message of sent.slice(1)) expect((await stream.next()).value).toBe(message);
    controller.abort();
    expect((await stream.next()).done).toBe(true);
  });

  it("keeps no more than maxQueued messages for a stream that stops reading; it catches up with the current rows and removals", async () => {
    const { cache, change, remove, listeners } = fakeCache();
    const controller = new AbortController();
    const stream = farmUpdates(cache, { signal: controller.signal, maxQueued: 10 });
    const first = stream.next();
    change("a");
    change("gone");
    await first;
    // the browser stops reading while thousands of messages go out
    for (let i = 0; i < 5_000; i++) change(["a", "b", "c"][i % 3]!);
    change("gone");
    remove("gone");
    change("d");
    const catchUp = (await stream.next()).value as FarmDeltaMessage;
    expect(catchUp.resync).toBe(true);
    // the rows as the cache holds them now (their latest versions), each once
    const ids = catchUp.upserts.map((r) => r.id);
    expect(ids.sort()).toEqual(["a", "b", "c", "d"]);
    for (const upsert of catchUp.upserts) expect(upsert).toBe(cache.row(upsert.id));
    expect(catchUp.removed).toEqual(["gone"]);
    expect(catchUp.patches).toEqual([]);
    expect(catchUp.cursor).toBe(cache.cursor);
    // nothing else was kept: the next message is the next one sent
    const next = change("a");
    expect((await stream.next()).value).toBe(next);
    controller.abort();
    expect((await stream.next()).done).toBe(true);
    expect(listeners.size).toBe(0);
  });
});
