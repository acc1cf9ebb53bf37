import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixture } from "../test/files";
import { FIXTURES } from "../test/fixtures/make-fixtures";

describe("test/fixtures", () => {
  it.each(Object.keys(FIXTURES))("%s is what make-fixtures.ts writes (run it after changing it)", (name) => {
    const made = FIXTURES[name as keyof typeof FIXTURES]();
    expect(readFileSync(fixture(name)).equals(Buffer.from(made))).toBe(true);
  });
});
