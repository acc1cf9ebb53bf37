import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createTRPCContext } from "@printernizer/api";
import { getCipher } from "~/server/cipher";
import { getDb } from "~/server/db";
import { getHub, isShuttingDown } from "~/server/hub";
import { getLogger } from "~/server/logger";
import { rejectCrossSite } from "~/server/same-origin";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// While this instance shuts down, a live stream would end at once and the browser would come
// straight back on its kept-alive connection: refuse, and close the connection.
const shuttingDown = () =>
  Response.json({ message: "This Printernizer instance is restarting; reconnecting shortly." }, { status: 503, headers: { connection: "close", "retry-after": "2" } });

const handler = (req: Request) =>
  rejectCrossSite(req) ??
  (isShuttingDown() && req.headers.get("accept")?.includes("text/event-stream") ? shuttingDown() : null) ??
  fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: async () => createTRPCContext({ db: getDb(), headers: req.headers, hub: getHub(), cipher: getCipher(), session: await getSession(req.headers) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") getLogger().error({ err: error, path }, "tRPC procedure failed");
    },
  });

export { handler as GET, handler as POST };
