import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientAddress } from "@printernizer/auth/client-address";
import { openKiosk } from "@printernizer/farm/kiosk-access";
import { getDb } from "~/server/db";
import { WallView } from "./_components/wall-view";

export const dynamic = "force-dynamic";
export const metadata = {
  title: "Wall display · Printernizer",
  robots: { index: false, follow: false },
};

// A wall display: the farm read-only, opened with a link an admin created (no sign-in, no
// controls, no navigation). The link is checked here and again by every call the page makes,
// so a revoked link shows the notice instead of the farm. Invalid links answer 404.
export default async function WallPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const requestHeaders = new Headers(await headers());
  const opened = await openKiosk(
    { db: getDb(), ip: clientAddress(requestHeaders), headers: requestHeaders },
    token,
  );
  if (!opened.ok && opened.status === 404) notFound();
  if (!opened.ok)
    return (
      <main className="mx-auto flex min-h-screen max-w-xl items-center p-6">
        <p className="text-xl">{opened.message}</p>
      </main>
    );
  return <WallView token={token} />;
}
