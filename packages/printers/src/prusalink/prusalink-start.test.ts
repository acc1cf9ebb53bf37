// startPrintOn against a scripted printer: the refusal while the display asks a question, and the
// START_CONFIRM_MS deadline when the printer accepts the start but never reports printing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { emptyStatus, type PrinterStatus } from "../core/model";
import { PrinterConflictError, PrinterTimeoutError } from "../core/errors";
import { PrintOptionsSchema } from "../core/print-start";
import type { PrusaLinkHttp } from "./prusalink-http";
import { START_CONFIRM_MS, startPrintOn, type StartDeps } from "./prusalink-start";

const idle = (): PrinterStatus => ({ ...emptyStatus("idle"), rawState: "IDLE" });
const request = {
  path: "/usb/BENCHY~1.BGC",
  plate: 1,
  jobName: "Benchy",
  options: PrintOptionsSchema.parse({}),
};

function printer(after: () => PrinterStatus) {
  const posts: string[] = [];
  let started = false;
  const http = {
    request: (method: string, path: string) => {
      posts.push(`${method} ${path}`);
      started = true;
      return Promise.resolve({ status: 204, headers: {}, body: { dump: () => Promise.resolve() } });
    },
  } as unknown as PrusaLinkHttp;
  const fetchStatus = vi.fn(() =>
    Promise.resolve({ status: started ? after() : idle(), jobFile: undefined }),
  );
  const deps: StartDeps = { http, printerId: "p1", api: "v1", fetchStatus };
  return { deps, posts, fetchStatus };
}

describe("startPrintOn confirmation", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("refuses in words when the printer asks a question on its display after the start", async () => {
    const { deps, posts } = printer(() => ({ ...emptyStatus("error"), rawState: "ATTENTION" }));
    const outcome = startPrintOn(deps, request);
    const caught = outcome.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await caught;
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toMatch(/asks a question on its display/);
    expect(posts).toEqual(["POST /api/v1/files/usb/BENCHY~1.BGC"]);
  });

  it(`times out after ${START_CONFIRM_MS / 1000} s when the printer never reports printing the file, naming its last state`, async () => {
    const { deps, fetchStatus } = printer(idle);
    const caught = startPrintOn(deps, request).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(START_CONFIRM_MS - 1_000);
    expect(await Promise.race([caught, Promise.resolve("pending")])).toBe("pending");
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await caught;
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect((error as Error).message).toMatch(
      /did not report printing BENCHY~1\.BGC within 15 s \(last state: IDLE\)/,
    );
    // One look before the start, then one a second until the deadline.
    expect(fetchStatus).toHaveBeenCalledTimes(1 + START_CONFIRM_MS / 1_000);
  });

  it("confirms once the printer prints the file", async () => {
    const printing = (): PrinterStatus => ({
      ...emptyStatus("printing"),
      rawState: "PRINTING",
      job: { id: "7", name: "BENCHY~1.BGC", state: "PRINTING" },
    });
    const { deps } = printer(printing);
    const outcome = startPrintOn(deps, request);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(outcome).resolves.toBeUndefined();
  });
});
