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
    const tmpDir = path.join(this.root, "tmp");
    await privateDir(this.root);
    await privateDir(tmpDir);
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      // a new file: created 0600 (the umask can only narrow it), so it is never readable by others
      await pipeline(source, counter, createWriteStream(tmp, { flags: "wx", mode: fileMode }), { signal });
      const sha256 = hash.digest("hex");
      const final = this.pathOf(sha256);
      await privateDir(path.dirname(final));
      await rename(tmp, final); // atomic on one filesystem; identical content just replaces itself
      return { sha256, size };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
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
