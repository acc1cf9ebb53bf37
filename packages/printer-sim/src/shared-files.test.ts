import { describe, expect, it } from "vitest";
import { fixtureNames, readFixture, readSharedText, sharedDir } from "./shared-files";

describe("shared test material (../shared beside the repository)", () => {
  it("lists and parses each vendor's JSON fixtures", () => {
    for (const vendor of ["bambu", "prusalink"] as const) {
      const names = fixtureNames(vendor);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((name) => name.endsWith(".json"))).toBe(true);
      expect(readFixture(vendor, names[0]!)).toBeTypeOf("object");
    }
  });

  it("reads text files (the PrusaLink OpenAPI spec)", () => {
    expect(readSharedText("protocols/prusalink-openapi.yaml")).toMatch(/^openapi:/m);
  });

  it("names the missing path instead of failing somewhere later", () => {
    expect(() => readFixture("bambu", "no-such-fixture.json")).toThrow(
      `test material missing: ${sharedDir}/fixtures/bambu/no-such-fixture.json`,
    );
    expect(() => fixtureNames("nope" as "bambu")).toThrow("test material missing");
  });
});
