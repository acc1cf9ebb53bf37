// The public HTTP API for scripts (documented at /api/openapi.json and /api-docs): each path
// calls one tRPC procedure as the API key's user (packages/api/src/public-api). Keys only: a
// browser session is not accepted here, so no cross-site request can use it.
import { handleRestCall, restError } from "@printernizer/api";
import { serverEnv } from "~/env";
import { apiKeyCaller, bearerToken } from "~/server/api-key-caller";
import { getCipher } from "~/server/cipher";
import { getDb } from "~/server/db";
import { getFileStore } from "~/server/file-store";
import { getFarmCache, getHub } from "~/server/hub";
import { getLogger } from "~/server/logger";
import { bodyLimits, readLimitedBody } from "~/server/request-body";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const token = bearerToken(req.headers);
  if (!token)
    return restError(
      401,
      "UNAUTHORIZED",
      "Send a personal API key as 'Authorization: Bearer pk_…'; create one under API keys in Printernizer.",
    );
  const caller = await apiKeyCaller(token, req.headers);
  if (caller instanceof Response) return caller;
  let body: unknown;
  if (req.method === "POST") {
    const read = await readLimitedBody(req, bodyLimits.json);
    if ("response" in read) return read.response;
    const text = new TextDecoder().decode(read.bytes).trim();
    if (text) {
      if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
        return restError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Send the input as JSON (Content-Type: application/json).",
        );
      try {
        body = JSON.parse(text);
      } catch {
        return restError(400, "BAD_REQUEST", "The body is not valid JSON.");
      }
    }
  }
  return handleRestCall(
    req,
    body,
    {
      db: getDb(),
      headers: req.headers,
      hub: getHub(),
      farm: getFarmCache(),
      cipher: getCipher(),
      session: caller.session,
      apiKey: caller.apiKey,
      webhookTargets: { allowLoopback: serverEnv().PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK },
      offlineGraceMs: serverEnv().PRINTERNIZER_OFFLINE_GRACE_SECONDS,
      fileStore: getFileStore(),
    },
    (error, procedure) => getLogger().error({ err: error, procedure }, "API call failed"),
  );
}

export { handler as GET, handler as POST };
