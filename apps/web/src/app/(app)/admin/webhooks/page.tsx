import { Suspense } from "react";
import { WebhooksAdmin } from "./_components/webhooks-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifications · Admin · Printernizer" };

// The admin layout has already refused other roles on the server.
export default function AdminWebhooksPage() {
  return (
    <Suspense>
      <WebhooksAdmin />
    </Suspense>
  );
}
