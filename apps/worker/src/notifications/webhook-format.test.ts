import { describe, expect, it } from "vitest";
import { describe as describeNotification, formatNotification } from "./webhook-format";

const printer = { id: "p1", name: "Bambu 1" };

describe("offline and online notifications", () => {
  it("say which printer, why and for how long, in every format", () => {
    const offline = {
      eventType: "printer_offline",
      printer,
      at: "2026-11-30T14:03:00.000Z",
      data: {
        since: "2026-11-30T14:02:00.000Z",
        message: "The printer did not answer at 192.168.1.40 (connection refused).",
        kind: "connection",
      },
    };
    expect(describeNotification(offline)).toMatchObject({
      title: "Bambu 1 is offline",
      text: "The printer did not answer at 192.168.1.40 (connection refused). It has not answered for 60 seconds.",
      priority: "high",
    });
    const online = { ...offline, eventType: "printer_online", data: { offlineSeconds: 660 } };
    expect(describeNotification(online)).toMatchObject({
      title: "Bambu 1 is back online",
      text: "It answers again after 11 minutes offline.",
    });
    expect(JSON.parse(formatNotification("generic", offline).body)).toMatchObject({
      event: "printer_offline",
      title: "Bambu 1 is offline",
      data: { kind: "connection" },
    });
    expect(formatNotification("ntfy", online).headers.title).toBe("Bambu 1 is back online");
    expect(JSON.parse(formatNotification("discord", online).body).content).toBe(
      "**Bambu 1 is back online**\nIt answers again after 11 minutes offline.",
    );
  });
});
