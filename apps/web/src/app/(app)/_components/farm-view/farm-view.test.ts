import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { bucketOf, countBuckets } from "./buckets";
import { keepOrder, sortPrinters, comparePrinters } from "./sort";
import { defaultView, farmViewSearch, filterPrinters, parseFarmView } from "./view-params";

function printer(name: string, over: Partial<FarmPrinter> = {}): FarmPrinter {
  return {
    id: `id-${name}`,
    kind: "prusalink",
    name,
    host: "127.0.0.1",
    model: "MK4",
    enabled: true,
    isDemo: false,
    autoClearPlate: false,
    awaitingPlateClearSince: null,
    location: null,
    tags: [],
    state: "idle",
    connected: true,
    rawState: null,
    job: null,
    temperatures: {},
    filament: [],
    errors: [],
    lastError: null,
    lastCommunication: null,
    stateChangedAt: null,
    updatedAt: new Date(1_000),
    ...over,
  };
}
const job = (progress: number | null, remainingSeconds: number | null) => ({
  name: "part.gcode",
  progress,
  remainingSeconds,
});
const names = (list: FarmPrinter[]) => list.map((p) => p.name);

describe("buckets", () => {
  it("puts each printer in one bucket: a reported error, then offline, then a waiting plate, then its state", () => {
    const plate = new Date();
    expect(
      bucketOf(printer("a", { state: "paused", errors: [{ code: "ATTENTION", severity: "common" }] })),
    ).toBe("error");
    expect(bucketOf(printer("a", { state: "unknown", awaitingPlateClearSince: plate }))).toBe("offline");
    expect(bucketOf(printer("a", { state: "idle", awaitingPlateClearSince: plate }))).toBe("plate");
    expect(bucketOf(printer("a", { state: "busy" }))).toBe("printing");
    expect(bucketOf(printer("a", { state: "disabled", errors: [{ code: "X", severity: "serious" }] }))).toBe(
      "disabled",
    );
    const counts = countBuckets([
      printer("a"),
      printer("b", { state: "error" }),
      printer("c", { state: "offline" }),
    ]);
    expect(counts).toMatchObject({ idle: 1, error: 1, offline: 1, plate: 0, printing: 0 });
  });
});

describe("sorting", () => {
  const farm = [
    printer("idle-1"),
    printer("printing-1", { state: "printing", job: job(80, 600) }),
    printer("paused-1", { state: "paused", job: job(10, null) }),
    printer("error-1", { state: "error" }),
    printer("plate-1", { awaitingPlateClearSince: new Date() }),
    printer("offline-1", { state: "offline" }),
    printer("printing-2", { state: "printing", job: job(20, 3_000) }),
  ];

  it("problems first: errors, offline, waiting for plate, paused, then the rest (by name within each)", () => {
    expect(names(sortPrinters(farm, "problems", "asc"))).toEqual([
      "error-1",
      "offline-1",
      "plate-1",
      "paused-1",
      "printing-1",
      "printing-2",
      "idle-1",
    ]);
  });

  it("progress and time left put printers without the value last in both directions", () => {
    expect(names(sortPrinters(farm, "progress", "desc")).slice(0, 3)).toEqual([
      "printing-1",
      "printing-2",
      "paused-1",
    ]);
    expect(names(sortPrinters(farm, "progress", "asc")).slice(0, 3)).toEqual([
      "paused-1",
      "printing-2",
      "printing-1",
    ]);
    expect(names(sortPrinters(farm, "remaining", "asc")).slice(0, 2)).toEqual(["printing-1", "printing-2"]);
    expect(names(sortPrinters(farm, "remaining", "desc")).slice(0, 2)).toEqual(["printing-2", "printing-1"]);
    expect(names(sortPrinters(farm, "remaining", "desc")).at(-1)).toBe("plate-1");
  });

  it("names sort with numbers in number order", () => {
    const shelves = ["Shelf 10", "Shelf 2", "shelf 1"].map((n) => printer(n));
    expect(names(sortPrinters(shelves, "name", "asc"))).toEqual(["shelf 1", "Shelf 2", "Shelf 10"]);
  });

  it("name and state sort both ways; ties fall back to the name", () => {
    expect(names(sortPrinters(farm, "name", "desc"))[0]).toBe("printing-2");
    expect(names(sortPrinters(farm, "state", "asc")).slice(0, 3)).toEqual([
      "printing-1",
      "printing-2",
      "paused-1",
    ]);
  });

  it("keepOrder keeps the held places with the current values, drops the gone, appends the new in order", () => {
    const compare = comparePrinters("name", "asc");
    const moved = printer("b", { job: job(99, 1) });
    const next = keepOrder(
      ["id-c", "id-a", "id-b"],
      [printer("a"), moved, printer("d"), printer("0")],
      compare,
    );
    expect(names(next)).toEqual(["a", "b", "0", "d"]);
    expect(next[1]).toBe(moved);
  });
});

describe("the URL", () => {
  it("parses every field and falls back to the default for unknown values", () => {
    const view = parseFarmView(
      new URLSearchParams(
        "view=table&state=plate&kind=bambu&q=benchy&sort=remaining&dir=desc&group=location&loc=Room+2&tag=PETG",
      ),
    );
    expect(view).toEqual({
      view: "table",
      state: "plate",
      kind: "bambu",
      q: "benchy",
      sort: "remaining",
      dir: "desc",
      group: "location",
      loc: "Room 2",
      tag: "PETG",
    });
    expect(
      parseFarmView(
        new URLSearchParams("view=grid&state=burning&kind=ender&sort=__proto__&dir=up&group=shelf&loc=&tag="),
      ),
    ).toEqual(defaultView);
    expect(parseFarmView(new URLSearchParams(`q=${"x".repeat(500)}`)).q).toHaveLength(200);
  });

  it("writes only what differs from the default and round-trips", () => {
    expect(farmViewSearch(defaultView)).toBe("");
    const view = {
      ...defaultView,
      view: "table" as const,
      state: "error" as const,
      q: "a b&c",
      sort: "name" as const,
    };
    const search = farmViewSearch(view, new URLSearchParams("other=1&view=cards"));
    expect(search).toBe("?other=1&view=table&state=error&q=a+b%26c&sort=name");
    expect(parseFarmView(new URLSearchParams(search))).toEqual(view);
  });

  it("filters by bucket, kind and a search in printer or job names", () => {
    const farm = [
      printer("Shelf A"),
      printer("Shelf B", { kind: "bambu", state: "printing", job: { ...job(1, 1), name: "Benchy" } }),
    ];
    expect(names(filterPrinters(farm, { state: "printing", kind: null, q: "" }))).toEqual(["Shelf B"]);
    expect(names(filterPrinters(farm, { state: null, kind: "prusalink", q: "" }))).toEqual(["Shelf A"]);
    expect(names(filterPrinters(farm, { state: null, kind: null, q: " benchy " }))).toEqual(["Shelf B"]);
  });
});
