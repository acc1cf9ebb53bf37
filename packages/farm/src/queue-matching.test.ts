import { describe, expect, it } from "vitest";
import {
  colourName,
  dispatchReason,
  matchesTarget,
  modelKey,
  modelName,
  targetWords,
} from "./queue-matching";
import { queueEntryState } from "./queue-list";
import { defaultQueueSettings, parseQueueSettings } from "./queue-settings";

describe("queue targets", () => {
  const p1s = { id: "p1", model: "P1S" };
  const mk4 = { id: "p2", model: "Original Prusa MK4S" };
  const unknown = { id: "p3", model: null };

  it("reduces model names to what identifies them", () => {
    for (const same of ["Bambu Lab P1S", "P1S", "p1s", "C12"]) expect(modelKey(same)).toBe(modelKey("P1S"));
    expect(modelKey("Original Prusa MK4S")).toBe(modelKey("MK4S"));
    expect(modelKey("MK4")).not.toBe(modelKey("MK4S"));
    expect(modelKey("P1S")).not.toBe(modelKey("P1P"));
    // a model the table does not know still compares without vendor words and spacing
    expect(modelKey("Acme Printer 3000")).toBe(modelKey("acme-printer 3000"));
    expect(modelName("C12")).toBe("P1S");
    expect(modelName("Acme 3000")).toBe("Acme 3000");
  });

  it("matches one printer, given models, or any printer", () => {
    expect(matchesTarget({ target: "printer", targetPrinterId: "p1", targetModels: [] }, p1s)).toBe(true);
    expect(matchesTarget({ target: "printer", targetPrinterId: "p1", targetModels: [] }, mk4)).toBe(false);
    const models = {
      target: "models" as const,
      targetPrinterId: null,
      targetModels: ["bambu lab p1s", "X1C"],
    };
    expect([p1s, mk4, unknown].map((p) => matchesTarget(models, p))).toEqual([true, false, false]);
    const any = { target: "any" as const, targetPrinterId: null, targetModels: [] };
    expect([p1s, mk4, unknown].map((p) => matchesTarget(any, p))).toEqual([true, true, true]);
  });

  it("says the target in words", () => {
    expect(targetWords({ target: "models", targetPrinterId: null, targetModels: ["P1S", "X1C"] })).toBe(
      "any P1S or X1C",
    );
    expect(targetWords({ target: "printer", targetPrinterId: "p1", targetModels: [] }, "P1S-03")).toBe(
      "the printer P1S-03",
    );
    expect(targetWords({ target: "any", targetPrinterId: null, targetModels: [] })).toBe(
      "any compatible printer",
    );
  });
});

describe("dispatch reason", () => {
  it("names colours plainly", () => {
    expect(colourName("#FFFFFF")).toBe("white");
    expect(colourName("#F2F2F0FF")).toBe("white");
    expect(colourName("#000000")).toBe("black");
    expect(colourName("#FF7F00")).toBe("orange");
    expect(colourName("#1E46C8")).toBe("blue");
    expect(colourName("not a colour")).toBeUndefined();
    expect(colourName(undefined)).toBeUndefined();
  });

  it("says why this printer, in a sentence a person trusts", () => {
    expect(
      dispatchReason({
        printerName: "P1S-03",
        autoClearPlate: false,
        slicedFor: "P1S",
        printerModel: "P1S",
        fileNozzle: 0.4,
        printerNozzle: 0.4,
        slots: [{ need: { type: "PLA", color: "#FFFFFF" }, label: "AMS slot 2" }],
        staged: false,
        entriesSkipped: 0,
      }),
    ).toBe(
      "Chosen because P1S-03 is idle with the plate cleared, sliced for P1S, nozzle 0.4 matches, PLA white in AMS slot 2; highest-priority entry that fits.",
    );
  });

  it("says what it could not check, a staged file, and entries passed over", () => {
    expect(
      dispatchReason({
        printerName: "MK4-1",
        autoClearPlate: true,
        slots: [],
        staged: true,
        entriesSkipped: 2,
      }),
    ).toBe(
      "Chosen because MK4-1 is idle and clears its own plate, model not checked (the file does not say which printer it was sliced for), the file is already on the printer; next entry that fits (2 ahead of it have no matching printer ready).",
    );
  });
});

describe("queue entry state and settings", () => {
  it("derives waiting, uploading, printing, done and cancelled", () => {
    const base = { status: "queued" as const, copiesStarted: 0, copiesDone: 0, startsInFlight: 0 };
    expect(queueEntryState(base)).toBe("waiting");
    expect(queueEntryState({ ...base, copiesStarted: 1, startsInFlight: 1 })).toBe("uploading");
    expect(queueEntryState({ ...base, copiesStarted: 2, copiesDone: 1 })).toBe("printing");
    expect(queueEntryState({ ...base, copiesStarted: 1, copiesDone: 1 })).toBe("waiting");
    expect(queueEntryState({ ...base, status: "done", copiesStarted: 1, copiesDone: 1 })).toBe("done");
    expect(queueEntryState({ ...base, status: "cancelled", startsInFlight: 1 })).toBe("cancelled");
  });

  it("reads stored settings field by field, with defaults for what does not fit", () => {
    expect(parseQueueSettings(undefined)).toEqual(defaultQueueSettings);
    expect(parseQueueSettings({ paused: true, maxHeating: "many", prestage: false })).toEqual({
      paused: true,
      maxHeating: 4,
      prestage: false,
    });
    expect(parseQueueSettings({ maxHeating: 0 }).maxHeating).toBe(4);
    expect(parseQueueSettings([1, 2])).toEqual(defaultQueueSettings);
  });
});
