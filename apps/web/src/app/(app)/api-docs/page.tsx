// The HTTP API for scripts, rendered from the same OpenAPI document /api/openapi.json serves:
// each operation with its role, inputs (from the procedures' zod schemas) and an example curl.
import { headers } from "next/headers";
import Link from "next/link";
import { openApiDocument } from "@printernizer/api";
import { SchemaFields } from "./schema-fields";
import { exampleBody, type Schema } from "./schema-words";

export const dynamic = "force-dynamic";
export const metadata = { title: "API documentation · Printernizer" };

interface Operation {
  operationId: string;
  summary: string;
  "x-role": string;
  "x-procedure": string;
  parameters: { name: string; in: string; required: boolean; schema: Schema }[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
}

function curl(origin: string, method: string, path: string, operation: Operation): string {
  const url = `${origin}/api/v1${path.replace(/\{(\w+)\}/g, (_m, name: string) => name.toUpperCase())}`;
  const lines = [
    `curl${method === "post" ? " -X POST" : ""} "${url}" \\`,
    `  -H "Authorization: Bearer $PRINTERNIZER_KEY"`,
  ];
  const body = operation.requestBody?.content["application/json"].schema;
  if (body) {
    lines[lines.length - 1] += " \\";
    lines.push(`  -H "Content-Type: application/json" \\`, `  -d '${JSON.stringify(exampleBody(body))}'`);
  }
  return lines.join("\n");
}

export default async function ApiDocsPage() {
  const document = openApiDocument();
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
  const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  return (
    <article aria-labelledby="api-docs-heading" className="space-y-4">
      <h1 id="api-docs-heading" className="text-xl font-semibold">
        API documentation
      </h1>
      <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">{document.info.description}</p>
      <ul className="list-disc pl-5 text-sm text-slate-700 dark:text-slate-300">
        <li>
          Create a key under{" "}
          <Link href="/account/api-keys" className="font-medium text-sky-700 underline dark:text-sky-300">
            API keys
          </Link>
          , then <code className="text-xs">export PRINTERNIZER_KEY=pk_…</code>.
        </li>
        <li>
          Answers are JSON; times are ISO 8601 text. Errors are{" "}
          <code className="text-xs">{`{"error": {"code", "message"}}`}</code> with 400, 401, 403, 404 or 409.
        </li>
        <li>
          The web app&apos;s own endpoint (<code className="text-xs">/api/trpc</code>) accepts the same
          header, but its wire format (superjson) is internal and may change; scripts should use{" "}
          <code className="text-xs">/api/v1</code>.
        </li>
        <li>
          The machine-readable document (OpenAPI 3.1):{" "}
          <a href="/api/openapi.json" className="font-medium text-sky-700 underline dark:text-sky-300">
            /api/openapi.json
          </a>
          .
        </li>
      </ul>
      {operations.map(({ path, method, op }) => {
        const body = op.requestBody?.content["application/json"].schema;
        const query = op.parameters.filter((p) => p.in === "query");
        const pathParams = op.parameters.filter((p) => p.in === "path");
        return (
          <section
            key={op.operationId}
            id={op.operationId}
            aria-labelledby={`${op.operationId}-heading`}
            data-operation={op.operationId}
            className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 id={`${op.operationId}-heading`} className="font-mono text-sm font-semibold">
              <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 uppercase dark:bg-slate-800">
                {method}
              </span>
              /api/v1{path}
            </h2>
            <p className="text-sm">
              {op.summary} <span className="text-muted">Role: {op["x-role"]} or higher.</span>
            </p>
            {pathParams.length + query.length > 0 ? (
              <SchemaFields
                title={pathParams.length ? "Path and query parameters" : "Query parameters"}
                schema={{
                  properties: Object.fromEntries([...pathParams, ...query].map((p) => [p.name, p.schema])),
                  required: [...pathParams, ...query].filter((p) => p.required).map((p) => p.name),
                }}
              />
            ) : null}
            {body ? <SchemaFields title="JSON body" schema={body} /> : null}
            <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
              <code>{curl(origin, method, path, op)}</code>
            </pre>
          </section>
        );
      })}
    </article>
  );
}
