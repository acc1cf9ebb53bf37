// The OpenAPI document lists every operation of the public table, each with the schemas of the
// procedure it calls (zod's own, through z.toJSONSchema), and only procedures a non-admin may call.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { accessTable } from "../access-table";
import { ZJobListInputSchema } from "../router/jobs";
import { ZEventListInputSchema } from "../router/events";
import { ZPrinterCommandSchema } from "../router/printer";
import { ZQueueAddSchema } from "../router/queue";
import { jsonSchemaOf, openApiDocument, procedureDef } from "./openapi";
import { matchOperation, publicOperations } from "./operations";

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; schema: unknown }[];
  requestBody?: { content: { "application/json": { schema: { properties?: Record<string, unknown> } } } };
  "x-procedure": string;
  "x-role": string;
};
const document = openApiDocument();
const operations = Object.values(document.paths).flatMap((byMethod) =>
  Object.values(byMethod),
) as Operation[];
const byId = (id: string) => operations.find((op) => op.operationId === id)!;

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with bearer keys and documents every operation of the public table once", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(operations.map((op) => op.operationId).sort()).toEqual(publicOperations.map((op) => op.id).sort());
    for (const op of publicOperations) {
      expect(document.paths[op.path]?.[op.method], op.id).toBeDefined();
      expect(matchOperation(op.method, op.path.replace(/\{\w+\}/g, "x1"))?.operation.id).toBe(op.id);
    }
  });

  it("calls only procedures that exist and that viewers or operators may call, with their role", () => {
    for (const op of operations) {
      expect(procedureDef(op["x-procedure"]), op["x-procedure"]).toBeDefined();
      expect(["viewer", "operator"]).toContain(accessTable[op["x-procedure"]]);
      expect(op["x-role"]).toBe(accessTable[op["x-procedure"]]);
    }
    expect(new Set(operations.map((op) => op["x-procedure"]))).toEqual(
      new Set(
        ["farm.list", "printer.get", "printer.command", "printer.confirmPlateCleared", "command.get"].concat(
          [
            "jobs.list",
            "events.list",
            "queue.list",
            "queue.get",
            "queue.add",
            "queue.cancel",
            "queue.reorder",
          ],
          ["queue.pause", "queue.resume"],
        ),
      ),
    );
  });

  it("takes its schemas from the procedures' zod inputs", () => {
    const jobs = jsonSchemaOf(ZJobListInputSchema);
    expect(byId("listJobs").parameters.map((p) => [p.name, p.schema])).toEqual(
      Object.entries(jobs.properties!).map(([name, schema]) => [name, schema]),
    );
    expect(byId("listEvents").parameters.find((p) => p.name === "types")?.schema).toEqual(
      jsonSchemaOf(ZEventListInputSchema).properties!.types,
    );
    // the path gives printerId and kind: the body of pause has neither, and no other field either
    const pause = byId("pausePrinter");
    expect(pause.parameters).toEqual([
      {
        name: "printerId",
        in: "path",
        required: true,
        schema: jsonSchemaOf(ZPrinterCommandSchema).properties!.printerId,
      },
    ]);
    expect(pause.requestBody?.content["application/json"].schema.properties).toEqual({});
    expect(byId("addQueueEntry").requestBody?.content["application/json"].schema).toEqual(
      jsonSchemaOf(ZQueueAddSchema),
    );
    // dates are ISO 8601 text for a script
    expect(jobs.properties!.from).toMatchObject({ type: "string", format: "date-time" });
  });

  it("changes when a schema changes", () => {
    const before = jsonSchemaOf(z.object({ limit: z.number().int().max(100) }));
    const after = jsonSchemaOf(z.object({ limit: z.number().int().max(200) }));
    expect(before).not.toEqual(after);
    expect(after.properties!.limit).toMatchObject({ maximum: 200 });
  });
});
