// Small waits the benchmark's runs share: a free loopback port, a pause, and polling until a
// condition holds.
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

/** Polls `check` until it is true; the seconds it took. Throws after `timeoutMs`. */
export async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  intervalMs = 500,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
  return (Date.now() - started) / 1000;
}
