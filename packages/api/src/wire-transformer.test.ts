// The transformer's output is superjson's (the browser decodes it with superjson), and a value
// the farm cache shares is serialized once however many streams send it.
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { shareOnWire } from "@printernizer/farm/live/wire-shared";
import { wireTransformer } from "./wire-transformer";

const message = () => ({
  cursor: "2026-11-30T10:00:00.000Z",
  resync: false,
  upserts: [],
  patches: [{ id: "p1", updatedAt: new Date("2026-11-30T10:00:00.000Z"), state: "paused" }],
  removed: [],
});

describe("wireTransformer", () => {
  it("serializes a shared value once, in superjson's form", () => {
    const shared = shareOnWire(message());
    const first = wireTransformer.serialize(shared) as unknown;
    expect(wireTransformer.serialize(shared)).toBe(first);
    expect(first).toEqual(superjson.serialize(message()));
    expect(superjson.deserialize(JSON.parse(JSON.stringify(first)) as never)).toEqual(message());
  });

  it("serializes every other value anew each time (it may have changed)", () => {
    const plain = message();
    const first = wireTransformer.serialize(plain) as { json: { resync: boolean } };
    plain.resync = true;
    const second = wireTransformer.serialize(plain) as { json: { resync: boolean } };
    expect(second).not.toBe(first);
    expect(second.json.resync).toBe(true);
    expect(wireTransformer.deserialize(second)).toEqual(plain);
  });
});

describe("wireTransformer on a shared list of shared rows", () => {
  const row = (id: string, at: number) => ({
    id,
    name: `P${id}`,
    job: at % 2 ? { name: "Benchy", startedAt: new Date(at) } : null,
    updatedAt: new Date(at),
    awaitingPlateClearSince: null,
    location: null,
    tags: [],
  });

  it("is superjson's form, made of each row's serialization, reused across lists", () => {
    const a = shareOnWire(row("a", 1));
    const b = shareOnWire(row("b", 2));
    const list = shareOnWire([a, b]);
    const serialized = wireTransformer.serialize(list) as unknown;
    expect(serialized).toEqual(superjson.serialize([row("a", 1), row("b", 2)]));
    expect(superjson.deserialize(JSON.parse(JSON.stringify(serialized)) as never)).toEqual([
      row("a", 1),
      row("b", 2),
    ]);
    const aAlone = wireTransformer.serialize(a) as { json: unknown };
    const next = wireTransformer.serialize(shareOnWire([b, a])) as { json: unknown[] };
    expect(next.json[1]).toBe(aAlone.json);
    expect(superjson.deserialize(JSON.parse(JSON.stringify(next)) as never)).toEqual([
      row("b", 2),
      row("a", 1),
    ]);
  });

  it("walks the whole array when a row is not shared", () => {
    const list = shareOnWire([shareOnWire(row("a", 1)), row("b", 3)]);
    expect(wireTransformer.serialize(list)).toEqual(superjson.serialize([row("a", 1), row("b", 3)]));
  });
});
