import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createTRPCContext } from "@printernizer/api";
import { serverEnv } from "~/env";
import { getCipher } from "~/server/cipher";
import { getDb } from "~/server/db";
import { getFileStore } from "~/server/file-store";
import { getFarmCache, getHub, isShuttingDown } from "~/server/hub";
import { getLogger } from "~/server/logger";
import { bodyLimits, readLimitedBody, refuseDeclaredLength, requestWithBody } from "~/server/request-body";
import { rejectCrossSite } from "~/server/same-origin";
import { apiKeyCaller, bearerToken } from "~/server/api-key-caller";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// While this instance shuts down, a live stream would end at once and the browser would come
// straight back on its kept-alive connection: refuse, and close the connection.
const shuttingDown = () =>
  Response.json(
    { message: "This Printernizer instance is restarting; reconnecting shortly." },
    { status: 503, headers: { connection: "close", "retry-after": "2" } },
  );

async function handler(req: Request): Promise<Response> {
  // A script with a personal API key: no cookie, so no cross-site check; a bad key is a 401.
  const token = bearerToken(req.headers);
  const keyCaller = token ? await apiKeyCaller(token, req.headers) : null;
  if (keyCaller instanceof Response) return keyCaller;
  const refused =
    (keyCaller ? null : rejectCrossSite(req)) ??
    (isShuttingDown() && req.headers.get("accept")?.includes("text/event-stream") ? shuttingDown() : null) ??
    (req.method === "POST" ? refuseDeclaredLength(req, bodyLimits.json) : null);
  if (refused) return refused;
  // The caller is known before any body is read: an anonymous caller (who may call nothing
  // here but gets tRPC's own UNAUTHORIZED) can make this process hold at most the small limit.
  const session = keyCaller ? keyCaller.session : await getSession(req.headers);
  if (!session && req.method === "POST" && refuseDeclaredLength(req, bodyLimits.anonymous)) {
    return Response.json(
      { message: "Sign in to continue." },
      { status: 401, headers: { connection: "close" } },
    );
  }
  let request = req;
  if (req.method === "POST") {
    const read = await readLimitedBody(req, session ? bodyLimits.json : bodyLimits.anonymous);
    if ("response" in read) return read.response;
    request = requestWithBody(req, read.bytes);
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req: request,
    createContext: () =>
      createTRPCContext({
        db: getDb(),
        headers: req.headers,
        hub: getHub(),
        farm: getFarmCache(),
        cipher: getCipher(),
        session,
        apiKey: keyCaller?.apiKey,
        webhookTargets: { allowLoopback: serverEnv().PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK },
        offlineGraceMs: serverEnv().PRINTERNIZER_OFFLINE_GRACE_SECONDS,
        fileStore: getFileStore(),
      }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        getLogger().error({ err: error, path }, "tRPC procedure failed");
    },
  });
}

export { handler as GET, handler as POST };
