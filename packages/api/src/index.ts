import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, type AppRouter } from "./root";
export { createTRPCContext, createCallerFactory } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { PrinterUpdatesHub } from "./live/printer-updates-hub";
export type { FarmPrinter } from "./services/farm";
export type { AuthSession, SessionUser, Access, ProcedureMeta } from "./trpc";
export { roles, hasRole, sessionRole, ZRoleSchema, type Role } from "./roles";
