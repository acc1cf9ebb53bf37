// Field warnings are news once per field an hour (array indices generalized), at most a burst of
// fields a minute, each with one warn log line; they never count as the adapter's last error.
import { describe, expect, it } from "vitest";
import type { AdapterLogger } from "./adapter";
import { ChangePublisher } from "./change-publisher";
import type { FieldWarning } from "./lenient-parse";
import { ProtocolProblems } from "./protocol-problems";
import { EventRecorder } from "../testing/event-recorder";

function setup(warningBurst?: number) {
  let now = 1_000_000;
  const events = new EventRecorder();
  const lines: Array<{ obj: object; msg?: string | undefined }> = [];
  const logger: AdapterLogger = {
    debug() {},
    info() {},
    error() {},
    warn: (obj: object, msg?: string) => void lines.push({ obj, msg }),
  };
  const problems: string[] = [];
  const protocol = new ProtocolProblems(new ChangePublisher("p1", events), logger, {
    onProblem: (message) => problems.push(message),
    now: () => now,
    ...(warningBurst !== undefined ? { warningBurst } : {}),
  });
  return { protocol, events, lines, problems, advance: (ms: number) => (now += ms) };
}

const warning = (path: string, extra: Partial<FieldWarning> = {}): FieldWarning => ({
  path,
  dropped: path,
  valueType: "string",
  expected: "number",
  ...extra,
});

describe("ProtocolProblems.warn", () => {
  it("one event and one log line per field an hour, whatever the array index", () => {
    const { protocol, events, lines, problems, advance } = setup();
    protocol.warn([warning("print.hms[0].attr", { dropped: "print.hms[0]", excerpt: "x" })]);
    protocol.warn([warning("print.hms[7].attr", { dropped: "print.hms[7]" })]);
    advance(59 * 60_000);
    protocol.warn([warning("print.hms[3].attr", { dropped: "print.hms[3]" })]);
    expect(events.ofType("printer_protocol_warning")).toEqual([
      {
        type: "printer_protocol_warning",
        message: 'print.hms[0].attr: expected number, got string "x"; dropped print.hms[0]',
        path: "print.hms[0].attr",
        valueType: "string",
        expected: "number",
      },
    ]);
    expect(lines).toHaveLength(1);
    advance(2 * 60_000);
    protocol.warn([warning("print.hms[3].attr", { dropped: "print.hms[3]" })]);
    expect(events.count("printer_protocol_warning")).toBe(2);
    expect(lines[1]?.obj).toMatchObject({ path: "print.hms[3].attr", repeated: 2 });
    expect(problems).toEqual([]); // a warning is not the adapter's last error
  });

  it("different fields and endpoints are different warnings, at most a burst a minute", () => {
    const { protocol, events, advance } = setup(2);
    protocol.warn([warning("printer.temp_bed")], "/api/v1/status");
    protocol.warn([warning("printer.temp_bed")], "/api/v1/info");
    protocol.warn([warning("printer.temp_nozzle")], "/api/v1/status");
    expect(events.ofType("printer_protocol_warning").map((e) => [e.source, e.path])).toEqual([
      ["/api/v1/status", "printer.temp_bed"],
      ["/api/v1/info", "printer.temp_bed"],
    ]);
    advance(60_000);
    protocol.warn([warning("printer.temp_nozzle")], "/api/v1/status"); // held back by the burst, not forgotten
    expect(events.ofType("printer_protocol_warning")[2]).toMatchObject({
      path: "printer.temp_nozzle",
      message: "/api/v1/status: printer.temp_nozzle: expected number, got string; dropped it",
    });
  });
});
