// The example bodies on /api-docs are inputs the procedures accept (with the path's fields filled
// in), and every field of a schema is described.
import { describe, expect, it } from "vitest";
import { openApiDocument, procedureDef, publicOperations } from "@printernizer/api";
import { exampleBody, typeWords, type Schema } from "./schema-words";

describe("api-docs examples", () => {
  it("fills every required field of each POST body with a value the procedure's schema accepts", () => {
    const document = openApiDocument();
    for (const operation of publicOperations.filter((op) => op.method === "post")) {
      const body = (
        document.paths[operation.path]?.post as {
          requestBody?: { content: { "application/json": { schema: Schema } } };
        }
      ).requestBody?.content["application/json"].schema;
      if (!body) continue;
      const example = exampleBody(body);
      expect(Object.keys(example).sort(), operation.id).toEqual([...(body.required ?? [])].sort());
      const fromPath = Object.fromEntries(
        [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], m[1]!.toUpperCase()]),
      );
      const input = { ...example, ...fromPath, ...operation.fixed };
      const parsed = procedureDef(operation.procedure)!.inputs[0]!.safeParse(input);
      expect(parsed.error?.issues ?? [], operation.id).toEqual([]);
    }
  });

  it("describes types in words", () => {
    expect(typeWords({ type: "array", items: { type: "string" } })).toBe("list of string");
    expect(typeWords({ enum: ["before", "after"] })).toBe('"before" | "after"');
    expect(typeWords({ type: "string", format: "date-time" })).toBe("string (date-time)");
  });
});
