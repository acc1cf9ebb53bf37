import { describe, expect, it } from "vitest";
import { printerKinds, register } from "./registry";
import { listPrinterKindMetadata, printerKindMetadata } from "./kinds";
import { PrusaLinkAdapter } from "./prusalink/prusalink-adapter";
import { z } from "zod";

describe("printer kind registry", () => {
  it("has PrusaLink with metadata and a working factory", () => {
    const def = printerKinds.prusalink!;
    expect(def.metadata.defaultPort).toBe(80);
    const config = def.metadata.configSchema.parse({ host: "127.0.0.1", password: "p" });
    const adapter = def.create({ printerId: "p1", config, events: { publish() {} } });
    expect(adapter).toBeInstanceOf(PrusaLinkAdapter);
    expect(printerKindMetadata("prusalink")?.displayName).toBe("Prusa (PrusaLink)");
  });

  it("registers a new kind once", () => {
    const definition = {
      metadata: {
        kind: "toy",
        label: "Toy",
        displayName: "Toy",
        defaultPort: 1,
        fields: [],
        models: [],
        capabilities: {
          pause: false,
          resume: false,
          cancel: false,
          startPrint: false,
          files: false,
          download: false,
          thumbnails: false,
          ams: false,
          camera: "none" as const,
        },
        connectionHelp: { summary: "Toys", needs: "nothing", authorization: "none" },
        configSchema: z.object({ host: z.string() }),
        buildConfig: () => ({ ok: false as const, issues: [] }),
        errorHelpUrl: () => null,
      },
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
