import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { PrinterList } from "./_components/printer-list";
import { WorkerList } from "./_components/worker-list";

export const dynamic = "force-dynamic";

export default function HomePage() {
  prefetch(trpc.printer.list.queryOptions());
  prefetch(trpc.worker.list.queryOptions());
  return (
    <HydrateClient>
      <div className="grid gap-6 md:grid-cols-3">
        <section className="md:col-span-2" aria-labelledby="printers-heading">
          <h1 id="printers-heading" className="mb-3 text-xl font-semibold">Printers</h1>
          <PrinterList />
        </section>
        <section aria-labelledby="workers-heading">
          <h2 id="workers-heading" className="mb-3 text-xl font-semibold">Workers</h2>
          <WorkerList />
        </section>
      </div>
    </HydrateClient>
  );
}
