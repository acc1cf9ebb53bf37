// The OpenAPI 3.1 document of /api/v1 (no secrets in it; public so tools can read it before a key exists).
import { openApiDocument } from "@printernizer/api";

export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(openApiDocument());
}
