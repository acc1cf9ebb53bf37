import { describe, expect, it } from "vitest";
import { webhookEventTypes } from "@printernizer/farm/webhooks";
import { eventTypes } from "./events";

describe("the event log's type filter", () => {
  it("offers every event a webhook can be sent for, the worker's own printer_offline / printer_online too", () => {
    expect(eventTypes).toEqual(expect.arrayContaining([...webhookEventTypes]));
  });
});
