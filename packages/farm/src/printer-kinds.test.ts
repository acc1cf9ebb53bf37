// The database's PrinterKind enum and the printers package's kinds are the same list: a kind
// without metadata (or metadata without a database value) fails here, naming the kind.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { printerKindList, printerKindMetadata } from "@printernizer/printers/kinds";

const schemaFile = fileURLToPath(new URL("../../db/prisma/schema.prisma", import.meta.url));

function prismaEnumValues(schema: string, name: string): string[] {
  const body = new RegExp(`^enum ${name} \\{([^}]*)\\}`, "m").exec(schema)?.[1];
  if (body === undefined) throw new Error(`enum ${name} not found in schema.prisma`);
  return body
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").trim())
    .filter((line) => line && !line.startsWith("@@"))
    .map((line) => line.split(/\s/)[0]!);
}

describe("PrinterKind: database enum = printers package kinds", () => {
  const databaseKinds = prismaEnumValues(readFileSync(schemaFile, "utf8"), "PrinterKind");

  it("reads the enum from schema.prisma", () => {
    expect(databaseKinds.length).toBeGreaterThan(0);
    expect(prismaEnumValues('enum PrinterKind {\n  a // note\n  b\n  @@map("k")\n}', "PrinterKind")).toEqual([
      "a",
      "b",
    ]);
  });

  it("every database kind has metadata in the printers package", () => {
    expect(databaseKinds.filter((kind) => !printerKindMetadata(kind))).toEqual([]);
  });

  it("every printers-package kind is a database kind (needs a migration adding it to the enum)", () => {
    expect(printerKindList.filter((kind) => !databaseKinds.includes(kind))).toEqual([]);
  });
});
