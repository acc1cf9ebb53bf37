import "server-only";
import path from "node:path";
import { Readable } from "node:stream";
import { LocalFileStore, type FileStore } from "@printernizer/file-store";
import { serverEnv } from "~/env";
import { contentDisposition } from "./content-disposition";

// The worker's content-addressed store, read-only from here (same data directory).
const globalForStore = globalThis as unknown as { printernizerFileStore?: FileStore };

export function getFileStore(): FileStore {
  return (globalForStore.printernizerFileStore ??= new LocalFileStore(
    path.join(serverEnv().PRINTERNIZER_DATA_DIR, "files"),
  ));
}

/**
 * A stored file as a streamed response (never read into memory whole). `fileName` goes into
 * Content-Disposition twice: an ASCII fallback and the exact name per RFC 5987 (filename*).
 */
export async function storedFileResponse(
  sha256: string,
  options: { contentType: string; fileName?: string; cacheControl: string },
): Promise<Response | null> {
  const store = getFileStore();
  const size = await store.size(sha256);
  if (size === undefined) return null;
  const headers = new Headers({
    "content-type": options.contentType,
    "content-length": String(size),
    "cache-control": options.cacheControl,
    "x-content-type-options": "nosniff",
  });
  if (options.fileName) headers.set("content-disposition", contentDisposition(options.fileName));
  return new Response(Readable.toWeb(store.open(sha256)) as ReadableStream<Uint8Array>, {
    status: 200,
    headers,
  });
}
