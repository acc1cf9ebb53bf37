// /api/v1: a request becomes one call of the operation's tRPC procedure through a server-side
// caller (same middlewares: access rules, hostile-input guard, audit), and its answer plain JSON.
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type CreateContextOptions } from "../trpc";
import { matchOperation } from "./operations";
import { operationInputSchema } from "./openapi";

const createCaller = createCallerFactory(appRouter);

export function restError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Query text → the input's field types (numbers, booleans, repeated arrays); the schema checks the rest. */
function queryInput(url: URL, schema: ReturnType<typeof operationInputSchema>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const type = schema?.properties?.[name]?.type;
    const values = url.searchParams.getAll(name);
    const text = values.at(-1)!;
    input[name] =
      type === "array"
        ? values
        : type === "number" || type === "integer"
          ? text.trim() === ""
            ? text
            : Number(text)
          : type === "boolean"
            ? text === "true"
              ? true
              : text === "false"
                ? false
                : text
            : text;
  }
  return input;
}

function json(value: unknown, status = 200): Response {
  const body = JSON.stringify(value ?? null, (_key, v: unknown) =>
    typeof v === "bigint" ? v.toString() : v,
  );
  return new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

/**
 * Answers one /api/v1 call (the operation from the request's method and URL); `body` the parsed JSON body of a POST
 * (undefined when there was none); `context` carries the key's session and `apiKey`.
 */
export async function handleRestCall(
  request: Request,
  body: unknown,
  context: CreateContextOptions,
  onServerError?: (error: unknown, procedure: string) => void,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/v1(?=\/|$)/, "");
  const match = matchOperation(request.method, path);
  if (!match) {
    const known = ["get", "post"].some((method) => matchOperation(method, path));
    return known
      ? restError(405, "METHOD_NOT_SUPPORTED", `Use another method for ${path}; see /api/openapi.json.`)
      : restError(404, "NOT_FOUND", `There is no operation at /api/v1${path}; see /api/openapi.json.`);
  }
  const { operation, params } = match;
  const schema = operationInputSchema(operation);
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body)))
    return restError(400, "BAD_REQUEST", "Send the input as a JSON object.");
  const input = {
    ...(operation.method === "get" ? queryInput(url, schema) : (body as object | undefined)),
    ...params,
    ...operation.fixed,
  };
  let node: unknown = createCaller(createTRPCContext(context));
  for (const part of operation.procedure.split(".")) node = (node as Record<string, unknown>)[part];
  try {
    const result = await (node as (input?: unknown) => Promise<unknown>)(schema ? input : undefined);
    return json(result);
  } catch (error) {
    const trpcError =
      error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
    if (trpcError.code === "INTERNAL_SERVER_ERROR") {
      onServerError?.(error, operation.procedure);
      return restError(
        500,
        trpcError.code,
        "Something went wrong on the server. Try again; if it persists, check the server log.",
      );
    }
    const status = getHTTPStatusCodeFromError(trpcError);
    const issues = trpcError.cause && "issues" in trpcError.cause ? trpcError.cause.issues : undefined;
    const message = Array.isArray(issues)
      ? issues
          .map((i: { path?: PropertyKey[]; message: string }) =>
            i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message,
          )
          .join("; ")
      : trpcError.message;
    return restError(status, trpcError.code, message);
  }
}
