import { Suspense } from "react";
import { currentUserHas } from "~/server/current-session";
import { JobHistory } from "./job-history";

export const dynamic = "force-dynamic";

export default async function JobsPage() {
  const canControl = await currentUserHas("operator");
  return (
    <section aria-labelledby="jobs-heading" className="space-y-4">
      <h1 id="jobs-heading" className="text-xl font-semibold">
        Jobs
      </h1>
      <Suspense>
        <JobHistory canControl={canControl} />
      </Suspense>
    </section>
  );
}
