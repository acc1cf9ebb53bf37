import { describe, expect, it } from "vitest";
import { listPrinterKindMetadata } from "@printernizer/printers/kinds";
import { andList, printerNeedsSentence, supportedPrintersSentence } from "./printer-kinds";

describe("sentences about the printer kinds", () => {
  it("joins a list the way people write it", () => {
    expect(andList([])).toBe("");
    expect(andList(["a"])).toBe("a");
    expect(andList(["a", "b"])).toBe("a and b");
    expect(andList(["a", "b", "c"])).toBe("a, b and c");
  });

  it("name every kind's connection help from its metadata (no vendor written here)", () => {
    const kinds = listPrinterKindMetadata();
    expect(kinds.length).toBeGreaterThan(1);
    const supported = supportedPrintersSentence();
    expect(supported).toMatch(/^Printernizer talks to .+\.$/);
    const needs = printerNeedsSentence();
    expect(needs).toMatch(/^you need its IP address and, for .+\.$/);
    for (const kind of kinds) {
      expect(supported).toContain(kind.connectionHelp.summary);
      expect(needs).toContain(`for ${kind.label}, ${kind.connectionHelp.needs}`);
    }
  });
});
