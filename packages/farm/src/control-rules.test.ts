import { describe, expect, it } from "vitest";
import { builtInKindMetadata, registerKindMetadata } from "@printernizer/printers/kinds";
import { allowedControls, controlRefusal } from "./control-rules";

const job = { name: "Benchy" } as never;
const printing = { kind: "prusalink", state: "printing", connected: true, job } as const;

describe("control rules", () => {
  it("follow the state: pause and cancel a running print, resume a paused one", () => {
    expect(allowedControls(printing)).toEqual(["pause", "cancel"]);
    expect(allowedControls({ ...printing, state: "paused" })).toEqual(["resume", "cancel"]);
    expect(allowedControls({ ...printing, state: "idle", job: null })).toEqual([]);
    expect(controlRefusal({ ...printing, connected: false }, "pause")).toBe(
      "The printer is not connected right now, so it cannot take commands.",
    );
    expect(controlRefusal({ ...printing, state: "disabled" }, "cancel")).toMatch(/^The printer is disabled/);
  });

  it("offer only what the printer's kind can do (its capabilities)", () => {
    const base = builtInKindMetadata("prusalink");
    registerKindMetadata({
      ...base,
      kind: "toy",
      label: "Toy",
      capabilities: { ...base.capabilities, pause: false, resume: false },
    });
    const toy = { ...printing, kind: "toy" };
    expect(allowedControls(toy)).toEqual(["cancel"]);
    expect(controlRefusal(toy, "pause")).toBe("Toy printers cannot be paused from Printernizer.");
    expect(controlRefusal({ ...printing, kind: "octoprint" }, "cancel")).toBe(
      '"octoprint" printers cannot be cancelled from Printernizer.',
    );
  });

  it("accept reconnect now for every kind in every state of an enabled printer", () => {
    for (const state of ["offline", "unknown", "idle", "printing", "error"] as const)
      for (const kind of ["prusalink", "bambu", "octoprint"])
        expect(
          controlRefusal({ ...printing, kind, state, connected: state !== "offline" }, "reconnect"),
        ).toBe(null);
    expect(controlRefusal({ ...printing, state: "disabled" }, "reconnect")).toMatch(
      /^The printer is disabled/,
    );
    expect(allowedControls({ ...printing, state: "offline", connected: false })).toEqual([]);
  });
});
