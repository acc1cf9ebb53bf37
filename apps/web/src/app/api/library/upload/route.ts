import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { hasRole } from "@printernizer/api";
import { clientAddress } from "@printernizer/auth";
import { recordAudit } from "@printernizer/farm/audit";
import {
  importLibraryFile,
  LibraryFileError,
  libraryFileNameProblem,
} from "@printernizer/farm/library-import";
import { UnreadablePrintFileError } from "@printernizer/file-meta";
import { BlobTooLargeError } from "@printernizer/file-store";
import { serverEnv } from "~/env";
import { getDb } from "~/server/db";
import { getFileStore } from "~/server/file-store";
import { getLogger } from "~/server/logger";
import { rejectCrossSite } from "~/server/same-origin";
import { getSession } from "~/server/session";
import { sizeWords } from "../size-words";

export const dynamic = "force-dynamic";

/** A file system call of the store that failed (ENOSPC, EACCES, …); a sender's abort carries no such call. */
const isServerDiskError = (error: unknown) =>
  error instanceof Error &&
  ["open", "write", "mkdir", "chmod", "close"].includes((error as NodeJS.ErrnoException).syscall ?? "");

const answer = (status: number, error: string, close = false) =>
  Response.json({ error }, { status, headers: close ? { connection: "close" } : undefined });

/**
 * One print file into the library: POST the raw bytes (Content-Type: application/octet-stream)
 * with the file's name in `?name=`. Operators and admins. The body streams into the file store's
 * tmp directory under the size limit (PRINTERNIZER_LIBRARY_MAX_BYTES), is read for its metadata,
 * and only a readable print file is kept (farm/library-import.ts); every refusal is `{error}`
 * in words and leaves nothing stored.
 */
export async function POST(request: Request) {
  const refused = rejectCrossSite(request, "octet-stream");
  if (refused) return refused;
  const session = await getSession(request.headers);
  if (!session) return answer(401, "Sign in to upload files.", true);
  if (!hasRole(session.user.role, "operator"))
    return answer(
      403,
      `Uploading to the library needs the operator role; you are signed in as ${session.user.role}. Ask an admin.`,
      true,
    );
  // NFC: a name from macOS (decomposed "é") is stored, searched and sent to printers as typed elsewhere
  const name = (new URL(request.url).searchParams.get("name") ?? "").normalize("NFC");
  const nameProblem = libraryFileNameProblem(name);
  if (nameProblem) return answer(nameProblem.status, nameProblem.message, true);
  const limit = serverEnv().PRINTERNIZER_LIBRARY_MAX_BYTES;
  const tooLarge = `"${name}" is larger than the library's limit of ${sizeWords(limit)}. Slice it smaller or ask an admin to raise PRINTERNIZER_LIBRARY_MAX_BYTES.`;
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (!Number.isSafeInteger(declared) || declared < 0)
    return answer(411, "Send the file's size (Content-Length) with the upload.", true);
  if (declared > limit) return answer(413, tooLarge, true);
  if (declared === 0 || !request.body) return answer(400, `"${name}" is empty.`, true);

  const store = getFileStore();
  let staged;
  try {
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    staged = await store.stage(body, { maxBytes: limit, signal: request.signal });
  } catch (error) {
    if (error instanceof BlobTooLargeError) return answer(413, tooLarge, true);
    if (isServerDiskError(error)) {
      // the server's own disk (full, no permission), not the sender: an admin must see it
      getLogger().error({ err: error, name }, "library upload could not be written");
      return answer(
        500,
        `"${name}" could not be stored: the server could not write it (${(error as NodeJS.ErrnoException).code}). Ask an admin to check the server's disk.`,
        true,
      );
    }
    // a browser that went away: one line without a stack
    getLogger().info(
      { name, reason: error instanceof Error ? error.message : String(error) },
      "library upload interrupted",
    );
    return answer(
      400,
      `The upload of "${name}" was interrupted before the whole file arrived. Try again.`,
      true,
    );
  }
  if (staged.size !== declared) {
    await store.discard(staged);
    return answer(400, `The upload of "${name}" ended after ${staged.size} of ${declared} bytes. Try again.`);
  }
  const db = getDb();
  try {
    const file = await importLibraryFile(db, store, { staged, name, uploadedById: session.user.id });
    await recordAudit(
      { db, session, ip: clientAddress(request.headers), headers: request.headers },
      {
        action: "library.upload",
        targetType: "library_file",
        targetId: file.id,
        targetLabel: file.name,
        details: { format: file.format, size: file.size, sha256: file.sha256 },
      },
    );
    return Response.json(
      {
        file: {
          id: file.id,
          name: file.name,
          format: file.format,
          size: file.size,
          thumbnailSha256: file.thumbnailSha256,
          plates: file.metadata.plates.length,
        },
      },
      { status: 201 },
    );
  } catch (error) {
    if (error instanceof UnreadablePrintFileError)
      return answer(error.reason === "too_large" ? 413 : 400, `"${name}": ${error.message}`);
    if (error instanceof LibraryFileError) return answer(error.status, error.message);
    getLogger().error({ err: error, name }, "library upload failed");
    return answer(500, `"${name}" could not be stored. Try again; if it persists, check the server log.`);
  }
}
