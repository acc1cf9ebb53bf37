import { currentUserHas } from "~/server/current-session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { QueueView } from "./_components/queue-view";

export const dynamic = "force-dynamic";

export default async function QueuePage() {
  const [canOperate, isAdmin] = await Promise.all([currentUserHas("operator"), currentUserHas("admin")]);
  prefetch(trpc.queue.list.queryOptions());
  return (
    <section aria-labelledby="queue-heading" className="space-y-4">
      <h1 id="queue-heading" className="text-xl font-semibold">
        Queue
      </h1>
      <HydrateClient>
        <QueueView canOperate={canOperate} isAdmin={isAdmin} />
      </HydrateClient>
    </section>
  );
}
