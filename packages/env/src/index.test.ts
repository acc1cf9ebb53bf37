import { describe, expect, it } from "vitest";
import { databaseUrlSchema, portSchema, previousSecretKeysSchema, secretKeySchema } from "./index";

describe("shared env rules", () => {
  it("accepts postgres URLs only", () => {
    expect(databaseUrlSchema.safeParse("postgresql://u:p@h:5432/db").success).toBe(true);
    expect(databaseUrlSchema.safeParse("mysql://h/db").success).toBe(false);
  });
  it("accepts 32-byte keys only", () => {
    expect(secretKeySchema.safeParse("ab".repeat(32)).success).toBe(true);
    expect(secretKeySchema.safeParse(Buffer.alloc(32).toString("base64")).success).toBe(true);
    expect(secretKeySchema.safeParse("too-short").success).toBe(false);
  });
  it("parses previous keys as a comma-separated list", () => {
    expect(previousSecretKeysSchema.parse(`${"ab".repeat(32)}, ${"cd".repeat(32)}`)).toHaveLength(2);
    expect(previousSecretKeysSchema.parse(undefined)).toEqual([]);
    expect(previousSecretKeysSchema.safeParse("nope").success).toBe(false);
  });
  it("coerces ports and rejects out-of-range ones", () => {
    expect(portSchema.parse("3000")).toBe(3000);
    expect(portSchema.safeParse("70000").success).toBe(false);
    expect(portSchema.safeParse("abc").success).toBe(false);
  });
});
