import { describe, expect, it } from "vitest";
import { printerQuoteMax, shortText, summarizeConnectionTest } from "./connection-summary";

describe("connection test summary", () => {
  it("keeps only short, plain, single-line, well-formed text", () => {
    expect(shortText("<b>Busy</b>\n\tprinting\u0000 now")).toBe("Busy printing now");
    expect(shortText("<style>p{}</style><script>alert(1)</script>ok")).toBe("ok");
    expect(shortText("a\uD800b")).toBe("ab");
    const long = shortText("x".repeat(500));
    expect(long).toHaveLength(printerQuoteMax);
    expect(long.endsWith("…")).toBe(true);
  });

  it("words a failure as its kind's fixed explanation with a short quote, and keeps the certificate to trust", () => {
    const summary = summarizeConnectionTest({
      ok: false,
      reason: "certificate",
      message: `<html>${"y".repeat(400)}</html>`,
      certificateFingerprint: "AB:CD",
    });
    expect(summary).toMatchObject({ ok: false, reason: "certificate", certificateFingerprint: "AB:CD" });
    expect(
      !summary.ok && summary.message.startsWith("The printer's certificate is not the trusted one. ("),
    ).toBe(true);
    expect(!summary.ok && summary.message.length).toBeLessThan(200);
    expect(summarizeConnectionTest({ ok: false, reason: "timeout", message: "" })).toMatchObject({
      message: "The printer did not answer in time.",
    });
  });
});
