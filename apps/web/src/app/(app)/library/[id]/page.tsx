import { currentUserHas } from "~/server/current-session";
import { HydrateClient, prefetchAwaited, trpc } from "~/trpc/server";
import { LibraryFileView } from "../_components/library-file-view";

export const dynamic = "force-dynamic";

export default async function LibraryFilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await prefetchAwaited(trpc.library.get.queryOptions({ id }));
  return (
    <HydrateClient>
      <LibraryFileView fileId={id} canPrint={await currentUserHas("operator")} />
    </HydrateClient>
  );
}
