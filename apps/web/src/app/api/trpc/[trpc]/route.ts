import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createTRPCContext } from "@printernizer/api";
import { getCipher } from "~/server/cipher";
import { getDb } from "~/server/db";
import { getHub } from "~/server/hub";
import { getLogger } from "~/server/logger";
import { rejectCrossSite } from "~/server/same-origin";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  rejectCrossSite(req) ??
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
