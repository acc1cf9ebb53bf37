// The OpenAPI 3.1 document of /api/v1, made from the operations table and the procedures' own
// zod input (and output, where a procedure declares one) schemas through zod's z.toJSONSchema:
// change a procedure's schema and the document changes with it.
import { z } from "zod";
import { appRouter } from "../root";
import { publicOperations, pathParameters, type PublicOperation } from "./operations";

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  type?: unknown;
};

interface ProcedureDef {
  inputs: z.ZodType[];
  output?: z.ZodType;
  meta?: { access?: string };
  type: string;
}

/** The procedure behind a dotted path (its definition: input parsers, meta), or undefined. */
export function procedureDef(path: string): ProcedureDef | undefined {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> })
    .procedures;
  return procedures[path]?._def;
}

/** A zod schema as JSON Schema, as a caller sends it (dates as ISO 8601 text). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const type = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
      if (type === "bigint") Object.assign(ctx.jsonSchema, { type: "string", pattern: "^-?\\d+$" });
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The JSON Schema of an operation's input (the procedure's), or null when it takes none. */
export function operationInputSchema(operation: PublicOperation): JsonSchema | null {
  const parser = procedureDef(operation.procedure)?.inputs[0];
  return parser ? jsonSchemaOf(parser) : null;
}

/** `schema` without the fields the path supplies (path parameters, fixed values). */
function withoutFields(schema: JsonSchema, names: string[]): JsonSchema {
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).filter(([k]) => !names.includes(k)),
  );
  const required = schema.required?.filter((k) => !names.includes(k));
  return { ...schema, properties, ...(required ? { required } : {}) };
}

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", examples: ["FORBIDDEN"] },
        message: { type: "string", description: "A sentence saying what went wrong and what to do." },
      },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

const errorResponses = {
  "400": { description: "The input is not valid; the message says which field and why." },
  "401": { description: "No key, or the key is not valid, revoked or expired, or its user is disabled." },
  "403": { description: "The key's role is too low for this operation." },
  "404": { description: "No such printer, job, command or queue entry." },
  "409": { description: "The printer or entry is not in a state that allows this now." },
};

function operationObject(operation: PublicOperation) {
  const def = procedureDef(operation.procedure);
  if (!def) throw new Error(`public operation ${operation.id}: no procedure ${operation.procedure}`);
  const input = operationInputSchema(operation);
  const pathNames = pathParameters(operation.path);
  const supplied = [...pathNames, ...Object.keys(operation.fixed ?? {})];
  const parameters: unknown[] = pathNames.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: input?.properties?.[name] ?? { type: "string" },
  }));
  let requestBody: unknown;
  if (input && operation.method === "get") {
    for (const [name, schema] of Object.entries(withoutFields(input, supplied).properties ?? {}))
      parameters.push({ name, in: "query", required: input.required?.includes(name) ?? false, schema });
  } else if (input) {
    requestBody = {
      required: true,
      content: { "application/json": { schema: withoutFields(input, supplied) } },
    };
  }
  const role = def.meta?.access ?? "admin";
  return {
    operationId: operation.id,
    summary: operation.summary,
    description: `Needs a key with the ${role} role or higher. Calls the \`${operation.procedure}\` procedure.`,
    "x-procedure": operation.procedure,
    "x-role": role,
    ...(operation.fixed ? { "x-fixed-input": operation.fixed } : {}),
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      "200": {
        description: "The procedure's answer as JSON (times as ISO 8601 text, event ids as text).",
        content: { "application/json": { schema: def.output ? jsonSchemaOf(def.output, "output") : {} } },
      },
      ...Object.fromEntries(
        Object.entries(errorResponses).map(([status, r]) => [
          status,
          { ...r, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of publicOperations)
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: "3.1.0",
    info: {
      title: "Printernizer API",
      version: "1",
      description:
        "Read and control the farm from scripts. Create a personal API key under API keys in the web app " +
        "and send it as `Authorization: Bearer pk_…`. A key acts as its user with the key's role (never " +
        "more than the user's current role); every call is in the audit log under that user.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A personal API key (pk_…)." },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
