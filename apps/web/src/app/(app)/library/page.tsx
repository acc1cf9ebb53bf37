import { Suspense } from "react";
import { serverEnv } from "~/env";
import { currentUserHas } from "~/server/current-session";
import { LibraryList } from "./_components/library-list";
import { UploadZone } from "./_components/upload-zone";

export const dynamic = "force-dynamic";

export default async function LibraryPage() {
  const [canUpload, canDelete] = await Promise.all([currentUserHas("operator"), currentUserHas("admin")]);
  return (
    <section aria-labelledby="library-heading" className="space-y-4">
      <h1 id="library-heading" className="text-xl font-semibold">
        Library
      </h1>
      {canUpload ? <UploadZone maxBytes={serverEnv().PRINTERNIZER_LIBRARY_MAX_BYTES} /> : null}
      <Suspense>
        <LibraryList canDelete={canDelete} />
      </Suspense>
    </section>
  );
}
