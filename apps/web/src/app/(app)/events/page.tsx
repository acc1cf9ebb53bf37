import { Suspense } from "react";
import { BrowserNotificationsToggle } from "../_components/browser-notifications";
import { ConnectionHealthTable } from "./connection-health-table";
import { EventLog } from "./event-log";

export const dynamic = "force-dynamic";

export default function EventsPage() {
  return (
    <div className="space-y-8">
      <section id="health" aria-labelledby="health-heading" className="scroll-mt-4 space-y-2">
        <h1 id="health-heading" className="text-xl font-semibold">
          Connection health
        </h1>
        <ConnectionHealthTable />
      </section>
      <section aria-labelledby="events-heading" className="space-y-3">
        <h2 id="events-heading" className="text-xl font-semibold">
          Events
        </h2>
        <BrowserNotificationsToggle />
        <Suspense>
          <EventLog />
        </Suspense>
      </section>
    </div>
  );
}
