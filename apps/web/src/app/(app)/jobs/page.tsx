import { Suspense } from "react";
import { JobHistory } from "./job-history";

export const dynamic = "force-dynamic";

export default function JobsPage() {
  return (
    <section aria-labelledby="jobs-heading" className="space-y-4">
      <h1 id="jobs-heading" className="text-xl font-semibold">
        Jobs
      </h1>
      <Suspense>
        <JobHistory />
      </Suspense>
    </section>
  );
}
