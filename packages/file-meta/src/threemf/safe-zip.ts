// A zip (3MF) read from its central directory with every size checked before a byte is inflated:
// too many entries, an entry that would unpack beyond a limit or at more than 100:1, or one that
// inflates to more than it declared → "zip_bomb", and nothing more is read. No central directory
// → "truncated". Entries are read whole up to a limit, or only their first bytes (`readPrefix`).
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { readAt } from "../bounded-read";
import { UnreadablePrintFileError } from "../metadata";

export const ZIP_LIMITS = {
  entries: 10_000,
  /** No entry of a real sliced 3MF unpacks beyond this (plate G-code of a very long print included). */
  entryBytes: 2 * 1024 * 1024 * 1024,
  totalBytes: 8 * 1024 * 1024 * 1024,
  /** Deflate reaches ~5:1 on G-code and ~10:1 on meshes; 100:1 on a big entry is a bomb. */
  ratio: 100,
  ratioCheckedFrom: 1024 * 1024,
} as const;

const bomb = (what: string) =>
  new UnreadablePrintFileError(
    "zip_bomb",
    `This 3MF was refused as a possible zip bomb (${what}); nothing was unpacked. Export it again from the slicer.`,
  );

export class SafeZip {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  /** Opens the zip at `path` and lists its entries; UnreadablePrintFileError when it is none or a bomb. */
  static async open(path: string): Promise<SafeZip> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(
        path,
        {
          lazyEntries: true,
          autoClose: false,
          validateEntrySizes: true,
          strictFileNames: false,
          decodeStrings: true,
        },
        (error, opened) => {
          if (!error) return resolve(opened);
          // its first bytes tell an empty file or no zip at all from a damaged zip
          firstBytes(path).then(
            (head) => reject(openError(error, head)),
            () => reject(openError(error)),
          );
        },
      ),
    );
    try {
      return new SafeZip(zip, await listEntries(zip));
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  close(): void {
    this.zip.close();
  }

  /** The whole entry, at most `max` bytes unpacked; undefined when it is missing or declares more. */
  async read(name: string, max: number): Promise<Buffer | undefined> {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    if (entry.uncompressedSize > max) return undefined;
    return this.collect(entry, max, false);
  }

  /** The first `max` bytes of the entry unpacked (a G-code's header, a model's metadata). */
  async readPrefix(name: string, max: number): Promise<Buffer | undefined> {
    const entry = this.entries.get(name);
    return entry ? this.collect(entry, max, true) : undefined;
  }

  private async collect(entry: Entry, max: number, prefixOnly: boolean): Promise<Buffer> {
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(readError(entry, error)) : resolve(s))),
    );
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (prefixOnly ? size < max : size <= max) return;
        stream.removeAllListeners("data");
        stream.destroy();
        if (prefixOnly) resolve(Buffer.concat(chunks, size).subarray(0, max));
        else reject(bomb(`${entry.fileName} unpacks to more than it declared`));
      });
      stream.once("end", () => resolve(Buffer.concat(chunks, size)));
      stream.once("error", (error: Error) => reject(readError(entry, error)));
    });
  }
}

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    return await readAt(handle, 0, 4);
  } finally {
    await handle.close();
  }
}

function openError(error: Error, head?: Buffer): UnreadablePrintFileError {
  if (head?.length === 0)
    return new UnreadablePrintFileError("corrupt", "The file is empty: upload the sliced .3mf again.");
  if (head && head.subarray(0, 4).toString("latin1") !== "PK\u0003\u0004")
    return new UnreadablePrintFileError(
      "corrupt",
      "This file is not a 3MF (not a zip archive): upload the .3mf your slicer exported.",
    );
  if (/end of central directory/i.test(error.message))
    return new UnreadablePrintFileError(
      "truncated",
      "This 3MF is cut off (its zip directory is missing; an incomplete download or copy): export or copy it again.",
    );
  return new UnreadablePrintFileError(
    "corrupt",
    `This 3MF is damaged (${error.message}): export it again from the slicer.`,
  );
}

function readError(entry: Entry, error: Error): UnreadablePrintFileError {
  if (/too many bytes in the stream/i.test(error.message))
    return bomb(`${entry.fileName} unpacks to more than it declared`);
  return new UnreadablePrintFileError(
    "corrupt",
    `This 3MF is damaged (${entry.fileName}: ${error.message}): export it again from the slicer.`,
  );
}

/** Every entry of the central directory, each size checked; throws "zip_bomb" at the first bad one. */
async function listEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  if (zip.entryCount > ZIP_LIMITS.entries)
    throw bomb(`${zip.entryCount} entries, more than ${ZIP_LIMITS.entries}`);
  const entries = new Map<string, Entry>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: Entry) => {
      const problem = sizeProblem(entry, (total += entry.uncompressedSize));
      if (problem) return reject(bomb(problem));
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once("end", () => resolve());
    zip.once("error", (error: Error) =>
      reject(
        new UnreadablePrintFileError(
          "corrupt",
          `This 3MF is damaged (${error.message}): export it again from the slicer.`,
        ),
      ),
    );
    zip.readEntry();
  });
  return entries;
}

function sizeProblem(entry: Entry, total: number): string | undefined {
  const { fileName, uncompressedSize, compressedSize } = entry;
  if (uncompressedSize > ZIP_LIMITS.entryBytes)
    return `${fileName} would unpack to ${uncompressedSize} bytes`;
  if (total > ZIP_LIMITS.totalBytes)
    return `the entries would unpack to more than ${ZIP_LIMITS.totalBytes} bytes`;
  if (
    uncompressedSize >= ZIP_LIMITS.ratioCheckedFrom &&
    uncompressedSize > ZIP_LIMITS.ratio * Math.max(compressedSize, 1)
  )
    return `${fileName} is compressed more than ${ZIP_LIMITS.ratio}:1`;
  return undefined;
}
