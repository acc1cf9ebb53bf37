import { describe, expect, it } from "vitest";
import { printerKinds, register } from "./registry";
import { listPrinterKindMetadata, printerKindMetadata } from "./metadata";
import { PrusaLinkAdapter } from "./prusalink/prusalink-adapter";
import { z } from "zod";

describe("printer kind registry", () => {
  it("has PrusaLink with metadata and a working factory", () => {
    const def = printerKinds.prusalink!;
    expect(def.metadata.defaultPort).toBe(80);
    const config = def.configSchema.parse({ host: "127.0.0.1", password: "p" });
    const adapter = def.create({ printerId: "p1", config, events: { publish() {} } });
    expect(adapter).toBeInstanceOf(PrusaLinkAdapter);
    expect(printerKindMetadata("prusalink")?.displayName).toBe("Prusa (PrusaLink)");
  });

  it("registers a new kind once", () => {
    const definition = {
      metadata: { kind: "toy", displayName: "Toy", defaultPort: 1, fields: [], capabilities: [], models: [] },
      configSchema: z.object({ host: z.string() }),
      create: () => {
        throw new Error("not used");
      },
    };
    register(definition);
    expect(printerKinds.toy?.metadata.displayName).toBe("Toy");
    expect(listPrinterKindMetadata().map((m) => m.kind)).toContain("toy");
    expect(() => register(definition)).toThrow(/already registered/);
  });
});
