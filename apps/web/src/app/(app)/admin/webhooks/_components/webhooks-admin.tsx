"use client";
// Admin → Notifications: channels (where messages go), rules (what goes where and when) and the
// delivery log.
import { ChannelsAdmin } from "./channels-admin";
import { DeliveryLog } from "./delivery-log";
import { RulesAdmin } from "./rules-admin";

export function WebhooksAdmin() {
  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold">Notifications</h1>
      <ChannelsAdmin />
      <RulesAdmin />
      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <DeliveryLog />
      </section>
    </div>
  );
}
