import { Suspense } from "react";
import { listCameraPrinters } from "@printernizer/farm/camera/cameras";
import { getDb } from "~/server/db";
import { CameraWall } from "../_components/camera/camera-wall";

export const dynamic = "force-dynamic";

export default async function CamerasPage() {
  const printers = await listCameraPrinters(getDb());
  return (
    <section aria-labelledby="cameras-heading" className="space-y-3">
      <h1 id="cameras-heading" className="text-xl font-semibold">
        Cameras
      </h1>
      <Suspense>
        <CameraWall printers={printers} />
      </Suspense>
    </section>
  );
}
