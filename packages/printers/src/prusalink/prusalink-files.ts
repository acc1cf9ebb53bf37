// File listings and download refs. v1: walks /api/v1/files/<storage>/... recursively, asking each
// folder with If-None-Match so an unchanged tree costs one 304 per folder (Buddy's folder ETag
// changes on any create/delete). Buddy's folder listing carries no sizes; the spec's only other
// source is the file's own GET /api/v1/files/<storage>/<path>, so a file listed without a size
// is asked once and its size remembered by path and m_timestamp (a rewritten file is asked
// again). Legacy: /api/files.
import type { z } from "zod";
import { PrinterDownloadError, PrinterHttpError } from "../core/errors";
import type { RemoteFile } from "../core/model";
import type { PrusaLinkHttp } from "./prusalink-http";
import { normalizeLegacyFileEntry } from "./prusalink-legacy";
import { normalizeFileEntry } from "./prusalink-normalize";
import { FileEntrySchema, LegacyFilesSchema, StorageSchema } from "./prusalink-schemas";
import type { FileEntryPayload, LegacyFileEntryPayload } from "./prusalink-schemas";

type Parse = <T>(schema: z.ZodType<T>, value: unknown, what: string) => T;

interface CachedFolder {
  etag: string;
  entry: FileEntryPayload;
}

interface KnownSize {
  modified: number | undefined;
  size: number;
}

const MAX_DEPTH = 8;

export class PrusaLinkFiles {
  private readonly folders = new Map<string, CachedFolder>();
  /** RemoteFile.path → download ref from the last listing. */
  private readonly downloads = new Map<string, string>();
  /** RemoteFile.path → size from the file's own answer, for listings without sizes. */
  private readonly sizes = new Map<string, KnownSize>();

  constructor(
    private readonly http: PrusaLinkHttp,
    private readonly parse: Parse,
  ) {}

  async list(signal: AbortSignal): Promise<RemoteFile[]> {
    const storage = this.parse(
      StorageSchema,
      (await this.http.getJson("/api/v1/storage", signal)).json,
      "/api/v1/storage",
    );
    const files: RemoteFile[] = [];
    for (const entry of storage.storage_list) {
      if (entry.available === false) continue;
      // The web UI derives the URL segment the same way: "/usb/" → "usb".
      const segment = entry.path.replaceAll("/", "");
      if (segment) await this.walk(`/${segment}`, 0, files, signal);
    }
    // Forget sizes of files that are gone, so the memory follows the printer's storage.
    const listed = new Set(files.map((f) => f.path));
    for (const path of this.sizes.keys()) if (!listed.has(path)) this.sizes.delete(path);
    return files;
  }

  private async walk(dir: string, depth: number, out: RemoteFile[], signal: AbortSignal): Promise<void> {
    const folder = await this.folder(dir, signal);
    for (const child of folder.children ?? []) {
      const file = normalizeFileEntry(child, dir);
      if (file.size === undefined && file.type !== "folder") {
        const size = await this.sizeOf(file.path, child, signal);
        if (size !== undefined) file.size = size;
      }
      out.push(file);
      if (child.refs?.download) this.downloads.set(file.path, child.refs.download);
      if (file.type === "folder" && depth < MAX_DEPTH) await this.walk(file.path, depth + 1, out, signal);
    }
  }

  /** The size of a listed file from its own answer; undefined when the printer has none to give. */
  private async sizeOf(
    path: string,
    child: FileEntryPayload,
    signal: AbortSignal,
  ): Promise<number | undefined> {
    const known = this.sizes.get(path);
    if (known && known.modified === child.m_timestamp) return known.size;
    const infoPath = `/api/v1/files${encodePath(path)}`;
    let entry: FileEntryPayload;
    try {
      entry = this.parse(FileEntrySchema, (await this.http.getJson(infoPath, signal)).json, infoPath);
    } catch (error) {
      // Gone since the listing, or refused: the file is still listed, without a size.
      if (error instanceof PrinterHttpError) return undefined;
      throw error;
    }
    if (entry.size === undefined) return undefined;
    // A file still being uploaded (no download ref yet) grows: ask again next time.
    if (child.refs?.download) this.sizes.set(path, { modified: child.m_timestamp, size: entry.size });
    else this.sizes.delete(path);
    return entry.size;
  }

  private async folder(dir: string, signal: AbortSignal): Promise<FileEntryPayload> {
    const cached = this.folders.get(dir);
    const path = `/api/v1/files${encodePath(dir)}`;
    const result = await this.http.getJson(
      path,
      signal,
      cached ? { "if-none-match": cached.etag } : undefined,
    );
    if (result.status === 304 && cached) return cached.entry;
    const entry = this.parse(FileEntrySchema, result.json, path);
    if (result.etag) this.folders.set(dir, { etag: result.etag, entry });
    else this.folders.delete(dir);
    return entry;
  }

  async listLegacy(signal: AbortSignal): Promise<RemoteFile[]> {
    const listing = this.parse(
      LegacyFilesSchema,
      (await this.http.getJson("/api/files?recursive=true", signal)).json,
      "/api/files",
    );
    const out: RemoteFile[] = [];
    const visit = (entries: LegacyFileEntryPayload[], depth: number): void => {
      for (const entry of entries) {
        const file = normalizeLegacyFileEntry(entry);
        // The legacy root is a synthetic "USB" folder; list its children only.
        if (!(depth === 0 && entry.type === "folder" && entry.children)) out.push(file);
        const download = entry.refs?.download;
        if (typeof download === "string") this.downloads.set(file.path, download);
        if (entry.children && depth < MAX_DEPTH) visit(entry.children, depth + 1);
      }
    };
    visit(listing.files, 0);
    return out;
  }

  /** The URL to stream a file from: the listing's refs.download, else asked from the printer. */
  async downloadRef(path: string, signal: AbortSignal): Promise<string> {
    if (path.startsWith("/usb/") || path.startsWith("/api/"))
      return encodePath(this.downloads.get(path) ?? path);
    const known = this.downloads.get(path);
    if (known) return encodePath(known);
    let entry: FileEntryPayload;
    try {
      const infoPath = `/api/v1/files${encodePath(path)}`;
      entry = this.parse(FileEntrySchema, (await this.http.getJson(infoPath, signal)).json, infoPath);
    } catch (error) {
      if (error instanceof PrinterHttpError && error.status === 404)
        throw new PrinterDownloadError(`no file ${path} on the printer`, { cause: error, meta: { path } });
      throw error;
    }
    const ref = entry.refs?.download;
    if (!ref)
      throw new PrinterDownloadError(`${path} cannot be downloaded (still being transferred?)`, {
        meta: { path },
      });
    return encodePath(ref);
  }
}

/** Percent-encodes each segment (file names may hold spaces or '%') but keeps '/' and '~'. */
export function encodePath(path: string): string {
  const [pathname, query] = path.split("?", 2);
  const encoded = pathname!
    .split("/")
    .map((segment) => encodeURIComponent(safeDecode(segment)).replace(/%7E/gi, "~"))
    .join("/");
  return query !== undefined ? `${encoded}?${query}` : encoded;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
