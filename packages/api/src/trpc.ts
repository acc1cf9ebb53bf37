/**
 * tRPC setup for Printernizer.
 *
 * 1. CONTEXT — what every procedure receives (database, request headers).
 * 2. INITIALIZATION — transformer (superjson) and the error formatter that keeps
 *    stack traces and internals out of responses.
 * 3. PROCEDURES — the builders routers use. Later: `protectedProcedure` and
 *    `requiresRole(...)` narrow the session.
 */
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@printernizer/db";
import type { PrinterUpdatesHub } from "./live/printer-updates-hub";

// 1. CONTEXT
export interface CreateContextOptions {
  db: Db;
  headers: Headers;
  /** The web process's LISTEN hub; absent in callers that never subscribe (tests, RSC). */
  hub?: PrinterUpdatesHub;
}

export function createTRPCContext(options: CreateContextOptions) {
  return { db: options.db, headers: options.headers, hub: options.hub };
}
export type TRPCContext = ReturnType<typeof createTRPCContext>;

// 2. INITIALIZATION
const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    message: error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on the server. Try again; if it persists, check the server log." : shape.message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
    },
  }),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. PROCEDURES
export const publicProcedure = t.procedure;
