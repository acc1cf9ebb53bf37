import { isLibraryThumbnail } from "@printernizer/farm/library";
import { isJobThumbnail } from "@printernizer/farm/printer-detail";
import { getDb } from "~/server/db";
import { storedFileResponse } from "~/server/file-store";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// A job's preview image or a library file's picture (main or plate) from the file store, for
// anyone signed in (viewers see jobs and the library). Only blobs that are such a picture are
// served here; other stored files need the operator download route.
export async function GET(request: Request, { params }: { params: Promise<{ sha256: string }> }) {
  if (!(await getSession(request.headers)))
    return Response.json({ message: "Sign in to continue." }, { status: 401 });
  const { sha256 } = await params;
  if (
    !/^[0-9a-f]{64}$/.test(sha256) ||
    !((await isJobThumbnail(getDb(), sha256)) || (await isLibraryThumbnail(getDb(), sha256)))
  )
    return Response.json({ message: "No such thumbnail." }, { status: 404 });
  // Content-addressed: the bytes under this name never change.
  const response = await storedFileResponse(sha256, {
    contentType: "image/png",
    cacheControl: "private, max-age=31536000, immutable",
  });
  return response ?? Response.json({ message: "No such thumbnail." }, { status: 404 });
}
