import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { confirmLabel, planFor, resultLines } from "./bulk-plan";

const printer = (name: string, over: Partial<FarmPrinter>) =>
  ({
    id: name,
    name,
    kind: "prusalink",
    state: "idle",
    connected: true,
    job: null,
    awaitingPlateClearSince: null,
    ...over,
  }) as FarmPrinter;
const job = { name: "cone.gcode", progress: 10, remainingSeconds: 60 };

describe("bulk plan", () => {
  const p1 = printer("E2E P1", { state: "printing", job });
  const p2 = printer("E2E P2", {});
  const p3 = printer("E2E P3", { state: "offline", connected: false });
  const p4 = printer("E2E P4", { awaitingPlateClearSince: new Date() });

  it("says what happens to each printer, and why one is skipped", () => {
    expect(planFor("pause", [p1, p2, p3]).map((l) => `${l.name} — ${l.text}`)).toEqual([
      "E2E P1 — pause",
      "E2E P2 — skipped: Only a running print can be paused; the printer is idle.",
      "E2E P3 — skipped: The printer is not connected right now, so it cannot take commands.",
    ]);
    expect(planFor("plate", [p2, p4]).map((l) => l.apply)).toEqual([false, true]);
    expect(planFor("send", [p1, p2, p4], "cone.bgcode").map((l) => l.text)).toEqual([
      "skipped: printing, not ready for a new print",
      "start cone.bgcode",
      "skipped: the plate is not confirmed clear",
    ]);
    expect(confirmLabel("pause", 1)).toBe("Pause 1 printer");
    expect(confirmLabel("plate", 2)).toBe("Confirm 2 plates cleared");
  });

  it("reads each printer's result: sent until its command finishes, then done or failed with the reason", () => {
    const plan = planFor("pause", [p1, p2, printer("Gone", { state: "printing", job })]);
    const results = [
      {
        printerId: "E2E P1",
        name: "E2E P1",
        outcome: "sent" as const,
        message: "Pause sent",
        commandId: "c1",
      },
      { printerId: "Gone", name: null, outcome: "removed" as const, message: "There is no such printer" },
    ];
    const waiting = resultLines(plan, results, new Map());
    expect(waiting.map((r) => r.outcome)).toEqual(["sent", "skipped", "removed"]);
    const failed = resultLines(
      plan,
      results,
      new Map([["c1", { id: "c1", status: "failed" as const, error: "The printer said no" }]]),
    );
    expect(failed[0]).toMatchObject({ outcome: "failed", text: "failed: The printer said no" });
    const done = resultLines(
      plan,
      results,
      new Map([["c1", { id: "c1", status: "done" as const, error: null }]]),
    );
    expect(done[0]).toMatchObject({ outcome: "done", text: "done" });
  });
});
