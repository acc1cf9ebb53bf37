import { describe, expect, it } from "vitest";
import {
  databaseUrlSchema,
  flagSchema,
  portSchema,
  previousSecretKeysSchema,
  secretKeySchema,
  trustedProxiesSchema,
} from "./index";

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
  it("parses trusted proxies as addresses and CIDR ranges, with a clear message for anything else", () => {
    expect(trustedProxiesSchema.parse("10.0.0.1, 172.16.0.0/12,::1,fd00::/8")).toEqual([
      "10.0.0.1",
      "172.16.0.0/12",
      "::1",
      "fd00::/8",
    ]);
    expect(trustedProxiesSchema.parse(undefined)).toEqual([]);
    const bad = trustedProxiesSchema.safeParse("10.0.0.1,proxy.local");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/IP addresses or CIDR ranges/);
    expect(trustedProxiesSchema.safeParse("10.0.0.0/40").success).toBe(false);
  });
  it("reads on/off switches, unset as off, and refuses anything else", () => {
    expect(["1", "true", "on"].map((v) => flagSchema.parse(v))).toEqual([true, true, true]);
    expect([undefined, "0", "false", "off"].map((v) => flagSchema.parse(v))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(flagSchema.safeParse("yes please").success).toBe(false);
  });
});
