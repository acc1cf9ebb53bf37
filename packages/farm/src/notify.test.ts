import { describe, expect, it } from "vitest";
import { channels } from "@printernizer/db/channels";
import { decodeNotification, maxPayloadLength, notificationChannels } from "./notify";

describe("notification codecs", () => {
  it("round-trips every channel's payload and keeps the wire format the trigger and older payloads use", () => {
    const update = { printerId: "prn_1", changes: ["status", "job"] as const };
    const wire = notificationChannels.printerUpdates.encode({ ...update, changes: [...update.changes] });
    expect(JSON.parse(wire)).toEqual({ p: "prn_1", c: ["status", "job"] });
    expect(decodeNotification(channels.printerUpdates, wire)).toEqual({
      name: "printerUpdates",
      payload: { printerId: "prn_1", changes: ["status", "job"] },
    });
    for (const name of ["printersChanged", "commandRequested", "commandFinished", "webhookQueued"] as const) {
      expect(notificationChannels[name].encode("id_1")).toBe("id_1");
      expect(decodeNotification(channels[name], "id_1")).toEqual({ name, payload: "id_1" });
    }
  });

  it("refuses to encode a payload that breaks its schema", () => {
    expect(() => notificationChannels.commandRequested.encode("")).toThrow();
    expect(() => notificationChannels.printerUpdates.encode({ printerId: "p", changes: [] })).toThrow();
    expect(() =>
      notificationChannels.printerUpdates.encode({ printerId: "p", changes: ["nonsense" as "status"] }),
    ).toThrow();
  });

  it("decodes anything else to null without throwing", () => {
    const garbage = [
      "",
      "not json",
      "{",
      "null",
      "[]",
      '"prn_1"',
      '{"p":1,"c":["status"]}',
      '{"p":"prn_1"}',
      '{"p":"prn_1","c":[]}',
      '{"p":"prn_1","c":["status","melted"]}',
      '{"p":"prn_1","c":["status"],"extra":true}',
      `{"p":"${"x".repeat(1_100)}","c":["status"]}`,
      "[".repeat(maxPayloadLength),
      `{"p":"prn_1","c":["status"]}${" ".repeat(maxPayloadLength)}`,
      '{"__proto__":{"p":"prn_1"},"c":["status"]}',
    ];
    for (const raw of garbage)
      expect(decodeNotification(channels.printerUpdates, raw), raw.slice(0, 40)).toBeNull();
    expect(decodeNotification(channels.printersChanged, "")).toBeNull();
    expect(decodeNotification(channels.commandRequested, "x".repeat(1_025))).toBeNull();
    expect(decodeNotification("someone_elses_channel", "id_1")).toBeNull();
  });
});
