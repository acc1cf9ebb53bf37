import { describe, expect, it } from "vitest";
import { auditLimits, auditRow, cleanText } from "./audit-writer";

describe("auditRow: the bounds every AuditLog row gets", () => {
  it("cuts the user agent to 300 characters and every other text to its bound", () => {
    const row = auditRow({
      action: "printer.update",
      userAgent: "u".repeat(5_000),
      targetLabel: "l".repeat(5_000),
      ip: "i".repeat(5_000),
    });
    expect(row.userAgent).toHaveLength(auditLimits.userAgent);
    expect(row.targetLabel).toHaveLength(auditLimits.text);
    expect(row.ip).toHaveLength(auditLimits.short);
  });

  it("strips NUL and lone surrogates (PostgreSQL refuses both) from columns and details, keys included", () => {
    const row = auditRow({
      action: "auth.login\u0000",
      actorEmail: "a\u0000b@example.com",
      details: { "na\u0000me": ["x\uD800y", { deep: "\u0000z" }] },
    });
    expect(row.action).toBe("auth.login");
    expect(row.actorEmail).toBe("ab@example.com");
    expect(row.details).toEqual({ name: ["xy", { deep: "z" }] });
  });

  it("never cuts a surrogate pair in half", () => {
    expect(cleanText("ab😀", 3)).toBe("ab");
    expect(cleanText("ab😀", 4)).toBe("ab😀");
  });

  it("bounds the details' nesting and entries", () => {
    let nested: unknown = "bottom";
    for (let i = 0; i < 50; i++) nested = { next: nested };
    const row = auditRow({
      action: "x",
      details: { nested, list: Array.from({ length: 1_000 }, (_, i) => i) } as never,
    });
    expect(JSON.stringify(row.details)).not.toContain("bottom");
    expect((row.details as { list: number[] }).list).toHaveLength(auditLimits.detailsEntries);
  });

  it("fills what a caller leaves out: outcome success, nulls, empty details", () => {
    expect(auditRow({ action: "user.create" })).toEqual({
      action: "user.create",
      outcome: "success",
      actorId: null,
      actorEmail: null,
      targetType: null,
      targetId: null,
      targetLabel: null,
      ip: null,
      userAgent: null,
      details: {},
    });
  });
});
