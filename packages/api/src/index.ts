import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { appRouter, type AppRouter } from "./root";
export { createTRPCContext, createCallerFactory } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type { Access, ProcedureMeta } from "./trpc";
export { roles, hasRole, sessionRole, ZRoleSchema, type Role } from "./roles";
export { openApiDocument, procedureDef } from "./public-api/openapi";
export { publicOperations, type PublicOperation } from "./public-api/operations";
export { handleRestCall, restError } from "./public-api/rest-handler";
