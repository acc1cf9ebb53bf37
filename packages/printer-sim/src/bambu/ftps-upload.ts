// STOR into the simulated SD card, with the behaviour of real printers' vsFTPd: the card writes
// at about 150 KB/s (the data socket is paused to that rate, so the client feels it as TCP
// backpressure), the file is visible while it grows, a full card answers 451 "Failure writing
// to local file." (partial file removed), and the final reply can come late (H2D: 30 s), come
// as 426 after the whole file was stored (the benign 426 ha-bambulab ignores), or never come
// (A1 hanging after the data).
import type { Socket } from "node:net";
import type { SdCard } from "./sd-card";

export interface UploadBehaviour {
  /** Simulated SD write rate in bytes per second; 0 = as fast as the socket goes (default 150 KiB/s). */
  bytesPerSecond: number;
  /** Delay between the end of the data and the final reply (default 0). */
  delayFinalReplyMs: number;
  /** "226" (default); "426" after storing the whole file; "none": never answer (the A1 hang). */
  finalReply: "226" | "426" | "none";
  /** Total bytes the card holds, all files together (memory; default 1 GiB). */
  capacityBytes: number;
  /** false: no SD card, STOR answers 550 (default true). */
  cardInserted: boolean;
}

export const defaultUploadBehaviour: UploadBehaviour = {
  bytesPerSecond: 150 * 1024,
  delayFinalReplyMs: 0,
  finalReply: "226",
  capacityBytes: 1024 ** 3,
  cardInserted: true,
};

/** Checks a patch from a test or the control endpoint; throws with the offending field. */
export function checkUploadBehaviour(patch: Record<string, unknown>): Partial<UploadBehaviour> {
  const result: Partial<UploadBehaviour> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "finalReply") {
      if (value !== "226" && value !== "426" && value !== "none")
        throw new Error('finalReply must be "226", "426" or "none"');
      result.finalReply = value;
    } else if (key === "cardInserted") {
      if (typeof value !== "boolean") throw new Error("cardInserted must be true or false");
      result.cardInserted = value;
    } else if (key === "bytesPerSecond" || key === "delayFinalReplyMs" || key === "capacityBytes") {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        throw new Error(`${key} must be a number ≥ 0`);
      result[key] = value;
    } else throw new Error(`unknown upload setting: ${key}`);
  }
  return result;
}

export interface UploadCounters {
  /** STORs whose data connection opened. */
  started: number;
  /** Files stored whole. */
  stored: number;
  /** Refused: card full or missing. */
  refused: number;
  bytes: number;
}

export function cardBytesUsed(card: SdCard, except?: string): number {
  let used = 0;
  for (const [path, file] of card.files) if (path !== except) used += file.data.length;
  return used;
}

/**
 * Receives one file from `data` into `card` at `path`. Resolves "stored" once the whole file is
 * in, "full" when the card ran out of space (the caller answers 451), "broken" when the client
 * went away before finishing (the partial file stays, as on a real card).
 */
export function receiveUpload(
  data: Socket,
  card: SdCard,
  path: string,
  behaviour: UploadBehaviour,
  counters: UploadCounters,
): Promise<"stored" | "full" | "broken"> {
  counters.started += 1;
  const free = behaviour.capacityBytes - cardBytesUsed(card, path);
  let buffer = Buffer.alloc(64 * 1024);
  let received = 0;
  const started = Date.now();
  const modified = new Date();
  card.files.set(path, { data: buffer.subarray(0, 0), modified });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: "stored" | "full" | "broken") => {
      if (settled) return;
      settled = true;
      if (outcome === "full") card.files.delete(path);
      else card.files.set(path, { data: Buffer.from(buffer.subarray(0, received)), modified: new Date() });
      if (outcome === "stored") counters.stored += 1;
      if (outcome === "full") counters.refused += 1;
      resolve(outcome);
    };
    data.on("data", (chunk: Buffer) => {
      if (settled) return;
      if (received + chunk.length > free) {
        data.pause();
        return settle("full");
      }
      if (received + chunk.length > buffer.length) {
        const grown = Buffer.alloc(Math.max(buffer.length * 2, received + chunk.length));
        buffer.copy(grown, 0, 0, received);
        buffer = grown;
      }
      chunk.copy(buffer, received);
      received += chunk.length;
      counters.bytes += chunk.length;
      // The partial file is visible (SIZE, LIST) while it grows.
      card.files.set(path, { data: buffer.subarray(0, received), modified });
      if (behaviour.bytesPerSecond > 0) {
        const ahead = (received / behaviour.bytesPerSecond) * 1000 - (Date.now() - started);
        if (ahead > 5) {
          data.pause();
          setTimeout(() => data.resume(), ahead);
        }
      }
    });
    data.on("end", () => settle("stored"));
    data.on("close", () => settle("broken"));
  });
}
