// Reads only the parts of a file a reader needs: the head and the tail, never the whole file.
import { open, type FileHandle } from "node:fs/promises";

export interface HeadAndTail {
  size: number;
  head: Buffer;
  /** The last bytes after the head (empty when the head already holds the whole file). */
  tail: Buffer;
}

export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** The first `headBytes` and the last `tailBytes` of the file (no byte read twice). */
export async function readHeadAndTail(
  path: string,
  headBytes: number,
  tailBytes: number,
): Promise<HeadAndTail> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = await readAt(handle, 0, Math.min(size, headBytes));
    const tailStart = Math.max(head.length, size - tailBytes);
    const tail = await readAt(handle, tailStart, size - tailStart);
    return { size, head, tail };
  } finally {
    await handle.close();
  }
}
