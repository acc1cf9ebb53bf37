// The boundary sanitizer: what a poison report turns into before any schema, merge or database
// sees it (issue 12: deep nesting, NUL/lone surrogates, 2^31 integers, 300,000 HMS entries).
import { describe, expect, it } from "vitest";
import { mergeReport } from "../bambu/bambu-merge";
import { normalizeStatus as normalizeBambu } from "../bambu/bambu-normalize";
import { BambuMessageSchema } from "../bambu/bambu-schemas";
import { INT32_MAX, PrinterStatusSchema, type PrinterStatus } from "./model";
import { RepeatLimiter } from "./repeat-limiter";
import {
  cleanText,
  isCleanText,
  JsonDepthError,
  jsonDepth,
  rawPayloadLimits,
  sanitizeJson,
} from "./sanitize";
import { sanitizeEvent, sanitizeStatus } from "./sanitize-status";

/** The outside test's report: about 3,000 levels of `{"a":...}` inside a print report, ~18 KB. */
function deepReport(levels = 3_000): string {
  return `{"print":{"command":"push_status","msg":1,"x":${'{"a":'.repeat(levels)}1${"}".repeat(levels)}}}`;
}

describe("cleanText", () => {
  it("strips NUL and lone surrogates, keeps real surrogate pairs", () => {
    expect(cleanText("Ben\u0000chy")).toBe("Benchy");
    expect(cleanText("a\uD800b\uDC00c")).toBe("abc");
    expect(cleanText("rocket 🚀")).toBe("rocket 🚀");
    expect(isCleanText("a\uD83D")).toBe(false);
    expect(isCleanText("plain")).toBe(true);
  });

  it("caps the length without splitting a surrogate pair", () => {
    expect(cleanText("x".repeat(5_000))).toHaveLength(1_024);
    const cut = cleanText(`${"x".repeat(1_023)}🚀`);
    expect(cut).toBe("x".repeat(1_023));
    expect(isCleanText(cut)).toBe(true);
  });
});

describe("sanitizeJson", () => {
  it("rejects a 3,000-level report without overflowing the stack", () => {
    const text = deepReport();
    expect(text.length).toBeGreaterThan(15_000);
    const parsed: unknown = JSON.parse(text);
    expect(() => sanitizeJson(parsed)).toThrow(JsonDepthError);
    expect(jsonDepth(parsed)).toBe(rawPayloadLimits.maxDepth + 1); // stops counting past the limit
    // The merge checks the bound itself: never a RangeError, whoever calls it.
    expect(() => mergeReport({ x: {} }, (parsed as { print: object }).print)).toThrow(JsonDepthError);
  });

  it("keeps reports within the depth limit intact", () => {
    const parsed: unknown = JSON.parse(deepReport(rawPayloadLimits.maxDepth - 3));
    expect(sanitizeJson(parsed)).toEqual(parsed);
  });

  it("cleans strings and keys, caps arrays, object keys and strings, drops non-finite numbers", () => {
    const value = sanitizeJson(
      JSON.parse(
        `{"name\\u0000":"a\\u0000b\\ud800","big":1e400,"list":[1,1e999,"x"],"long":"${"y".repeat(10_000)}","__proto__":{"polluted":true}}`,
      ),
    ) as Record<string, unknown>;
    expect(value["name"]).toBe("ab");
    expect("big" in value).toBe(false);
    expect(value.list).toEqual([1, null, "x"]);
    expect(value.long).toHaveLength(rawPayloadLimits.maxStringLength);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const many = sanitizeJson({ hms: Array.from({ length: 300_000 }, (_, i) => ({ attr: i, code: i })) }) as {
      hms: unknown[];
    };
    expect(many.hms).toHaveLength(rawPayloadLimits.maxArrayLength);
  });
});

const at = new Date(0);

describe("sanitizeStatus: the model's bounds", () => {
  const poisoned: PrinterStatus = {
    state: "printing",
    rawState: "RUNNING\u0000",
    job: {
      id: "lan:\uDC00x",
      name: `Benchy\u0000${"n".repeat(5_000)}`,
      state: "PRINTING",
      progress: 250,
      layer: -3,
      totalLayers: 2 ** 31,
      remainingSeconds: Number.NaN,
      elapsedSeconds: 12.6,
      fileSize: -1,
    },
    temperatures: { nozzle: { current: 65_535, target: 220 }, bed: { current: Number.POSITIVE_INFINITY } },
    filament: [
      { unit: 0.5, slot: 0, active: false },
      { unit: 1, slot: 2, remainingPercent: 300, active: true },
    ],
    errors: Array.from({ length: 1_000 }, () => ({ code: "0300_400C", severity: "info" as const })),
    wifiSignalDbm: -5_000,
    speedLevel: 1e12,
    lastCommunication: at,
  };

  it("turns every poison value into something the model (and PostgreSQL) accepts", () => {
    expect(PrinterStatusSchema.safeParse(poisoned).success).toBe(false);
    const clean = sanitizeStatus(poisoned);
    expect(PrinterStatusSchema.parse(clean)).toEqual(clean);
    expect(clean.rawState).toBe("RUNNING");
    expect(clean.job).toEqual({
      id: "lan:x",
      name: `Benchy${"n".repeat(1_018)}`,
      state: "PRINTING",
      progress: 100,
      elapsedSeconds: 13,
    });
    expect(clean.temperatures).toEqual({ nozzle: { target: 220 }, bed: {} });
    expect(clean.filament).toEqual([{ unit: 1, slot: 2, active: true }]);
    expect(clean.errors).toHaveLength(100);
    expect(clean.wifiSignalDbm).toBeUndefined();
    expect(clean.speedLevel).toBeUndefined();
  });

  it("keeps the largest Int and drops the next one", () => {
    const job = { id: "1", name: "a", state: "PRINTING" as const };
    expect(
      sanitizeStatus({
        ...poisoned,
        job: { ...job, totalLayers: INT32_MAX, remainingSeconds: INT32_MAX + 1 },
      }).job,
    ).toEqual({ ...job, totalLayers: INT32_MAX });
  });

  it("cleans protocol error messages that quote the payload and bounds their detail", () => {
    const deep: unknown = JSON.parse(deepReport(200));
    const event = sanitizeEvent({
      type: "printer_protocol_error",
      message: `Unexpected token "\u0000", "\uD800..." is not valid JSON`,
      detail: deep,
    });
    expect(event).toEqual({
      type: "printer_protocol_error",
      message: 'Unexpected token "", "..." is not valid JSON',
    });
  });
});

describe("a Bambu report with 300,000 HMS entries", () => {
  it("ends as at most 100 errors in the status", () => {
    const report = {
      print: {
        command: "push_status",
        gcode_state: "RUNNING",
        subtask_name: "x",
        hms: Array.from({ length: 300_000 }, (_, i) => ({ attr: 0x03000100 + i, code: 0x00010007 })),
      },
    };
    const message = BambuMessageSchema.parse(sanitizeJson(report));
    const status = sanitizeStatus(normalizeBambu(message.print!, { at }));
    expect(status.errors).toHaveLength(100);
    expect(PrinterStatusSchema.safeParse(status).success).toBe(true);
  });

  it("keeps total_layer_num above 2^31-1 out of the model", () => {
    const message = BambuMessageSchema.parse(
      sanitizeJson({
        print: {
          gcode_state: "RUNNING",
          subtask_name: "Cube\u0000",
          total_layer_num: 2 ** 31,
          layer_num: 2 ** 40,
          mc_remaining_time: 2 ** 30,
        },
      }),
    );
    const job = sanitizeStatus(normalizeBambu(message.print!, { at })).job;
    expect(job).toMatchObject({ name: "Cube", state: "PRINTING" });
    expect(job?.totalLayers).toBeUndefined();
    expect(job?.layer).toBeUndefined();
    expect(job?.remainingSeconds).toBeUndefined(); // 2^30 minutes is more than 2^31-1 seconds
  });
});

describe("RepeatLimiter", () => {
  it("lets the first through, then one per window, and counts what it held back", () => {
    let now = 0;
    const limiter = new RepeatLimiter({ windowMs: 60_000, now: () => now });
    expect(limiter.take("bad")).toEqual({ suppressed: 0 });
    for (let i = 0; i < 999; i++) expect(limiter.take("bad")).toBeUndefined();
    expect(limiter.take("other")).toEqual({ suppressed: 0 });
    now = 60_000;
    expect(limiter.take("bad")).toEqual({ suppressed: 999 });
    expect(limiter.take("bad")).toBeUndefined();
  });
});
