// Small waits the benchmark's runs share: a free loopback port, a pause, and polling until a
// condition holds (within a bound: null after it; until: an error).
import { createServer } from "node:net";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Polls `check` until it is true; the seconds it took, or null after `seconds`. */
export async function within(
  seconds: number,
  check: () => Promise<boolean>,
  intervalMs: number,
): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    if (await check()) return (Date.now() - started) / 1000;
    if (Date.now() - started > seconds * 1000) return null;
    await sleep(intervalMs);
  }
}

/** As `within`, but throws after `timeoutMs`, saying what it waited for. */
export async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  intervalMs = 500,
): Promise<number> {
  const seconds = await within(timeoutMs / 1000, check, intervalMs);
  if (seconds === null) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
  return seconds;
}
