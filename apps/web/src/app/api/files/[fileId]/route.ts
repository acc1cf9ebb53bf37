import { hasRole } from "@printernizer/api";
import { hostileInputReason } from "@printernizer/farm/input-guard";
import { findPrinterFile } from "@printernizer/farm/printer-files";
import { getDb } from "~/server/db";
import { storedFileResponse } from "~/server/file-store";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// A printer's file, streamed from the worker's file store with its real name. Operators
// only (like the files.download procedure that fetches it from the printer first).
export async function GET(request: Request, { params }: { params: Promise<{ fileId: string }> }) {
  const session = await getSession(request.headers);
  if (!session) return Response.json({ message: "Sign in to continue." }, { status: 401 });
  if (!hasRole(session.user.role, "operator")) {
    return Response.json(
      {
        message: `Downloading files needs the operator role; you are signed in as ${session.user.role}. Ask an admin.`,
      },
      { status: 403 },
    );
  }
  const { fileId } = await params;
  if (fileId.length > 100 || hostileInputReason(fileId))
    return Response.json({ message: "That is not a file id." }, { status: 400 });
  const file = await findPrinterFile(getDb(), fileId);
  if (!file)
    return Response.json(
      { message: "That file is no longer on the printer's list. Refresh the list and try again." },
      { status: 404 },
    );
  const response = file.sha256
    ? await storedFileResponse(file.sha256, {
        contentType: "application/octet-stream",
        fileName: file.displayName || file.name,
        cacheControl: "private, no-store",
      })
    : null;
  return (
    response ??
    Response.json(
      { message: "The file has not been fetched from the printer yet. Use Download on the printer page." },
      { status: 409 },
    )
  );
}
