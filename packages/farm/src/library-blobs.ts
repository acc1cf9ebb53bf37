// Blobs of the content-addressed store are shared: the same bytes uploaded twice, a library
// thumbnail that is also a job's preview, a printer's file downloaded by the worker. A blob is
// removed only when no row refers to it any more, and the check, the removal and the library's
// own writes of that sha256 happen under one advisory lock per blob, so an upload of the same
// bytes cannot slip between a delete's check and its removal.
import type { Db, Prisma } from "@printernizer/db";
import type { FileStore } from "@printernizer/file-store";

type Tx = Prisma.TransactionClient;

/** Holds the blob locks of `sha256s` (sorted: no deadlock between two callers) until `tx` ends. */
export async function lockBlobs(tx: Tx, sha256s: Iterable<string>): Promise<void> {
  for (const sha256 of [...new Set(sha256s)].sort())
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`printernizer-blob:${sha256}`}, 0))`;
}

/** Whether any row refers to the blob: a library file or plate picture, a printer file, a job preview, a download. */
export async function blobInUse(tx: Tx | Db, sha256: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ used: boolean }[]>`
    SELECT (
      EXISTS (SELECT 1 FROM "LibraryFile" WHERE "sha256" = ${sha256} OR "thumbnailSha256" = ${sha256})
      OR EXISTS (
        SELECT 1 FROM "LibraryFile"
        WHERE jsonb_path_exists("metadata", '$.plates[*] ? (@.thumbnailSha256 == $s)', jsonb_build_object('s', ${sha256}::text))
      )
      OR EXISTS (SELECT 1 FROM "PrinterFile" WHERE "sha256" = ${sha256} OR "thumbnailSha256" = ${sha256})
      OR EXISTS (SELECT 1 FROM "Job" WHERE "thumbnailSha256" = ${sha256})
      OR EXISTS (SELECT 1 FROM "StoredFile" WHERE "sha256" = ${sha256})
    ) AS used`;
  return rows[0]?.used ?? true;
}

/** Removes each blob nothing refers to (inside `tx`, which must hold their locks). */
export async function removeUnusedBlobs(
  tx: Tx,
  store: FileStore,
  sha256s: Iterable<string>,
): Promise<string[]> {
  const removed: string[] = [];
  for (const sha256 of new Set(sha256s)) {
    if (await blobInUse(tx, sha256)) continue;
    await store.remove(sha256);
    removed.push(sha256);
  }
  return removed;
}

/** Cleans up after a failed write: blobs it stored that no row refers to are removed. */
export async function releaseBlobs(db: Db, store: FileStore, sha256s: string[]): Promise<void> {
  if (sha256s.length === 0) return;
  await db.$transaction(async (tx) => {
    await lockBlobs(tx, sha256s);
    await removeUnusedBlobs(tx, store, sha256s);
  });
}
