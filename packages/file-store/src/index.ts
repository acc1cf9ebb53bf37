// A content-addressed file store: bytes are named by their sha256. The worker writes
// downloads into it as streams (never whole files in memory); the web app streams them
// out. `LocalFileStore` keeps them under the data directory; a shared store (S3, NFS)
// can replace it behind the same interface when web and worker run on different hosts.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface FileStore {
  /** Streams `source` into the store; partial files are never visible under their final name. */
  put(source: Readable, signal?: AbortSignal): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  /** Size of a stored blob, or undefined when missing. */
  size(sha256: string): Promise<number | undefined>;
  open(sha256: string): Readable;
  /**
   * Streams `source` into a temporary file of the store (hashed and counted on the way), for a
   * caller that checks the bytes before keeping them: `commit` moves it under its sha256, `discard`
   * removes it. Over `maxBytes` it stops reading, removes what it wrote and throws BlobTooLargeError.
   */
  stage(source: Readable, options?: { maxBytes?: number; signal?: AbortSignal }): Promise<StagedBlob>;
  commit(staged: StagedBlob): Promise<StoredBlob>;
  discard(staged: StagedBlob): Promise<void>;
  /** Removes a stored blob (callers check first that nothing refers to it); missing is fine. */
  remove(sha256: string): Promise<void>;
}

/** Bytes written to the store's tmp directory, not yet under their final name. */
export interface StagedBlob extends StoredBlob {
  /** The temporary file (readable by the owner only); gone after commit or discard. */
  path: string;
}

/** A source that streamed past the caller's limit; nothing it sent is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.name = "BlobTooLargeError";
  }
}

const shaPattern = /^[0-9a-f]{64}$/;

// Printer files can hold customer designs: only the owning user (worker and web run as the
// same user) may read them. Directories made by older versions as 0755 are tightened too.
const fileMode = 0o600;
const dirMode = 0o700;

async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: dirMode });
  await chmod(dir, dirMode);
}

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new Error("not a sha256 file name");
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(source: Readable, signal?: AbortSignal): Promise<StoredBlob> {
    return this.commit(await this.stage(source, { signal }));
  }

  async stage(
    source: Readable,
    options: { maxBytes?: number; signal?: AbortSignal } = {},
  ): Promise<StagedBlob> {
    const tmpDir = path.join(this.root, "tmp");
    await privateDir(this.root);
    await privateDir(tmpDir);
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) {
          callback(new BlobTooLargeError(maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      // a new file: created 0600 (the umask can only narrow it), so it is never readable by others
      await pipeline(source, counter, createWriteStream(tmp, { flags: "wx", mode: fileMode }), {
        signal: options.signal,
      });
      return { sha256: hash.digest("hex"), size, path: tmp };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async commit(staged: StagedBlob): Promise<StoredBlob> {
    const final = this.pathOf(staged.sha256);
    try {
      await privateDir(path.dirname(final));
      await rename(staged.path, final); // atomic on one filesystem; identical content just replaces itself
    } catch (error) {
      await rm(staged.path, { force: true });
      throw error;
    }
    return { sha256: staged.sha256, size: staged.size };
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(staged.path, { force: true });
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== undefined;
  }

  async size(sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return undefined;
    }
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }
}
