import { currentUserHas } from "~/server/current-session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { FarmDashboard } from "./_components/farm-dashboard";
import { WorkerList } from "./_components/worker-list";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [canControl, isAdmin] = await Promise.all([currentUserHas("operator"), currentUserHas("admin")]);
  prefetch(trpc.farm.list.queryOptions());
  prefetch(trpc.worker.list.queryOptions());
  return (
    <HydrateClient>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <section aria-labelledby="printers-heading">
          <h1 id="printers-heading" className="mb-3 text-xl font-semibold">
            Printers
          </h1>
          <FarmDashboard canControl={canControl} isAdmin={isAdmin} />
        </section>
        <section aria-labelledby="workers-heading">
          <h2 id="workers-heading" className="mb-3 text-xl font-semibold">
            Workers
          </h2>
          <WorkerList />
        </section>
      </div>
    </HydrateClient>
  );
}
