// A Bambu job's (or listed file's) plate thumbnail: the 3MF is fetched over FTPS into a private
// temporary file (bounded size; yauzl needs the central directory at the end of the archive),
// `Metadata/plate_N.png` is read out of it, and the temporary file is removed at once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { DownloadedFile } from "../core/adapter";
import { parseThumbnailRef, readPlateThumbnail, THREEMF_LIMITS } from "./bambu-3mf";
import type { BambuFtps } from "./bambu-ftps";

/**
 * The PNG `ref` points at, or undefined when none of its 3MF candidates is on the SD card (or the
 * ref is not a Bambu one). A corrupt or oversized 3MF rejects with ThreeMfError.
 */
export async function fetchPlateThumbnail(
  ftps: Pick<BambuFtps, "fetchFirst">,
  ref: string,
  signal?: AbortSignal,
): Promise<DownloadedFile | undefined> {
  const target = parseThumbnailRef(ref);
  if (!target) return undefined;
  const dir = await mkdtemp(join(tmpdir(), "printernizer-3mf-"));
  try {
    const file = join(dir, "job.3mf");
    const fetched = await ftps.fetchFirst(target.paths, file, THREEMF_LIMITS.fileBytes, signal);
    if (!fetched) return undefined;
    const { plate, png } = await readPlateThumbnail(file, target.plate);
    return {
      stream: Readable.from([png]),
      size: png.length,
      fileName: `plate_${plate}.png`,
      contentType: "image/png",
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
