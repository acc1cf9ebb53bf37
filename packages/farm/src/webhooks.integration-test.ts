import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels } from "@printernizer/db/channels";
import { ListenConnection } from "@printernizer/db/listen";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { decodeNotification } from "./notify";
import { queueTestDelivery } from "./webhooks";

describe("webhook test deliveries", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("queues the delivery and wakes the worker's dispatcher with its id", async () => {
    const heard: unknown[] = [];
    const listener = new ListenConnection({
      databaseUrl: database.url,
      channels: [channels.webhookQueued],
      onNotification: (channel, payload) => heard.push(decodeNotification(channel, payload)),
    });
    await listener.start();
    try {
      const webhook = await database.db.webhook.create({
        data: {
          name: "Ops",
          format: "generic",
          url: "sealed",
          urlHint: "https://…",
        },
      });
      const delivery = await queueTestDelivery(database.db, webhook.id);
      await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(1);
      expect(heard[0]).toEqual({ name: "webhookQueued", payload: delivery.id });
      expect(await database.db.webhookDelivery.count({ where: { id: delivery.id, status: "pending" } })).toBe(
        1,
      );
    } finally {
      await listener.stop();
    }
  });
});
