import "server-only";

import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter, createTRPCContext, type AppRouter } from "@printernizer/api";
import { serverEnv } from "~/env";
import { getCipher } from "~/server/cipher";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";
import { createQueryClient } from "./query-client";

const createContext = cache(async () => {
  const heads = new Headers(await headers());
  heads.set("x-trpc-source", "rsc");
  return createTRPCContext({
    db: getDb(),
    headers: heads,
    cipher: getCipher(),
    session: await getSession(heads),
    offlineGraceMs: serverEnv().PRINTERNIZER_OFFLINE_GRACE_SECONDS,
  });
});

const getQueryClient = cache(createQueryClient);

export const trpc = createTRPCOptionsProxy<AppRouter>({
  router: appRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

export function HydrateClient(props: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{props.children}</HydrationBoundary>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions);
}

/**
 * prefetch, awaited: the page's HTML is then rendered with the answer (or, after an error, with
 * none), exactly as the browser's first render is. For client components reading with useQuery
 * rather than useSuspenseQuery, whose server and browser renders otherwise race the prefetch (#418).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function prefetchAwaited<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  await getQueryClient().prefetchQuery(queryOptions);
}
