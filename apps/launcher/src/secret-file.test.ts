import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MissingSecretError, resolveSecret } from "./secret-file";

describe("resolveSecret", () => {
  it("generates a key once in embedded mode, mode 0600, and reuses it", () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "pz-secret-")), "data");
    const first = resolveSecret({ external: false, dataDir });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(dataDir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(resolveSecret({ external: false, dataDir })).toBe(first);
    expect(readFileSync(path.join(dataDir, "secret.key"), "utf8").trim()).toBe(first);
  });
  it("refuses to start with an external database and no secret, saying how to set it", () => {
    expect(() => resolveSecret({ external: true, dataDir: "/nonexistent" })).toThrow(MissingSecretError);
    expect(() => resolveSecret({ external: true, dataDir: "/nonexistent" })).toThrow(/openssl rand -hex 32/);
  });
  it("uses a given secret as is", () => {
    expect(resolveSecret({ given: "x".repeat(64), external: true, dataDir: "/nonexistent" })).toBe(
      "x".repeat(64),
    );
  });
});
