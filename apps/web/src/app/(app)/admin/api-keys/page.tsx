import { Suspense } from "react";
import { AllApiKeys } from "./all-api-keys";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys · Admin · Printernizer" };

// The admin layout has already refused other roles on the server.
export default function AdminApiKeysPage() {
  return (
    <Suspense>
      <AllApiKeys />
    </Suspense>
  );
}
