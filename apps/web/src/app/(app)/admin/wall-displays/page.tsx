import { Suspense } from "react";
import { WallDisplaysAdmin } from "./_components/wall-displays-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Wall displays · Admin · Printernizer" };

// The admin layout has already refused other roles on the server.
export default function AdminWallDisplaysPage() {
  return (
    <Suspense>
      <WallDisplaysAdmin />
    </Suspense>
  );
}
