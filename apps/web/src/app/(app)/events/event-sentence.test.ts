import { describe, expect, it } from "vitest";
import { eventSentence } from "./event-sentence";
import { groupEvents, groupSentence, repeatLabel, type GroupableEvent } from "./group-events";

const ada = { kind: "user", name: "ada" } as const;
const benchy = { job: { id: "7", name: "benchy.gcode", progress: 41.6 } };

describe("eventSentence", () => {
  it("names the printer and the person behind a control", () => {
    expect(
      eventSentence({ type: "job_paused", printerName: "Demo X1C 1", payload: benchy, actor: ada }),
    ).toBe("Demo X1C 1 paused by ada (benchy.gcode at 42 %)");
    expect(eventSentence({ type: "job_resumed", printerName: "Demo X1C 1", payload: benchy })).toBe(
      "Demo X1C 1 resumed (benchy.gcode at 42 %)",
    );
    expect(
      eventSentence({ type: "job_cancel_requested", printerName: "P1", payload: { jobId: "7" }, actor: ada }),
    ).toBe("P1 was asked to cancel the print by ada");
    expect(
      eventSentence({
        type: "job_started",
        printerName: "P1",
        payload: { job: { name: "vase.3mf" } },
        actor: { kind: "queue" },
      }),
    ).toBe("P1 started vase.3mf, sent by the queue");
  });

  it("says how long a finished or failed print ran", () => {
    expect(
      eventSentence({
        type: "job_completed",
        printerName: "Demo P1S 2",
        payload: benchy,
        jobDurationSeconds: 4_320,
      }),
    ).toBe("Demo P1S 2 finished benchy.gcode in 1 h 12 min");
    expect(
      eventSentence({ type: "job_failed", printerName: "M", payload: benchy, jobDurationSeconds: 600 }),
    ).toBe("M failed benchy.gcode after 10 min");
    expect(eventSentence({ type: "job_completed", printerName: "M", payload: {} })).toBe(
      "M finished the print",
    );
  });

  it("says connection changes and errors in words, never raw socket errors", () => {
    expect(
      eventSentence({
        type: "printer_offline",
        printerName: "E2E MK4",
        payload: { message: "connect ECONNREFUSED 10.0.0.4:80" },
      }),
    ).toMatch(/^E2E MK4 went offline: (?!.*ECONNREFUSED)./);
    expect(
      eventSentence({ type: "printer_online", printerName: "E2E MK4", payload: { offlineSeconds: 180 } }),
    ).toBe("E2E MK4 is back online after 3 min");
    expect(
      eventSentence({
        type: "printer_waiting_for_plate",
        printerName: "E2E MK4",
        payload: { jobId: "j1", job: { name: "benchy.gcode" } },
      }),
    ).toBe("E2E MK4 is waiting for the plate to be cleared (benchy.gcode ended)");
    expect(
      eventSentence({
        type: "printer_error",
        printerName: "M",
        payload: { errors: [{ code: "HOTEND_FAN", message: "Hotend fan not spinning" }] },
      }),
    ).toBe("M reports an error: Hotend fan not spinning (HOTEND_FAN)");
    expect(
      eventSentence({
        type: "printer_status_updated",
        printerName: "M",
        payload: { state: "paused", previousState: "printing" },
      }),
    ).toBe("M changed state: printing → paused");
  });

  it("says every other event type as a sentence starting with the printer", () => {
    const types = [
      "printer_connected",
      "printer_connection_failed",
      "printer_disconnected",
      "printer_connection_lost",
      "printer_auth_error",
      "printer_protocol_error",
      "printer_protocol_warning",
      "job_progress_updated",
      "job_vanished",
      "temperature_updated",
      "ams_status_updated",
      "something_new",
    ];
    for (const type of types) {
      const sentence = eventSentence({ type, printerName: "Rack A 3", payload: {} });
      expect(sentence).toMatch(/^Rack A 3[ :]/);
      expect(sentence).not.toContain("_");
      expect(sentence).not.toMatch(/[{}]/);
    }
    expect(eventSentence({ type: "something_new", printerName: "X", payload: {} })).toBe("X: something new");
  });
});

describe("groupEvents", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
  let next = 0;
  const event = (printerId: string | null, type: string, minute: number): GroupableEvent => ({
    id: String(++next),
    printerId,
    printerName: printerId ? `Printer ${printerId}` : null,
    type,
    payload: {},
    createdAt: at(minute),
  });

  it("collapses a printer going offline and back online into one group with a count and span", () => {
    const flapping = [10, 8, 6, 4, 2, 0].map((minute, i) =>
      event("a", i % 2 ? "printer_offline" : "printer_online", minute),
    );
    const groups = groupEvents([
      ...flapping,
      event("a", "job_completed", 0),
      event("b", "printer_offline", 0),
    ]);
    expect(groups.map((g) => g.events.length)).toEqual([6, 1, 1]);
    expect(groupSentence(groups[0]!)).toBe("Printer a came back online / went offline");
    expect(repeatLabel(groups[0]!)).toBe("×6 in 10 min");
    expect(repeatLabel(groups[1]!)).toBe("");
  });

  it("never merges other printers, other types or events without a printer, and keeps the order", () => {
    const list = [
      event("a", "job_paused", 5),
      event("a", "job_paused", 4),
      event("b", "job_paused", 3),
      event("a", "job_paused", 2),
      event("a", "job_resumed", 1),
      event(null, "note", 1),
      event(null, "note", 0),
    ];
    const groups = groupEvents(list);
    expect(groups.map((g) => g.events.map((e) => e.id))).toEqual(
      [[0, 1], [2], [3], [4], [5], [6]].map((ids) => ids.map((i) => list[i]!.id)),
    );
    expect(groups[0]!.key).toBe(list[0]!.id);
    expect(groupSentence(groups[0]!)).toBe("Printer a paused");
  });
});
