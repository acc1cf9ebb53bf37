import { printerRouter } from "./router/printer";
import { workerRouter } from "./router/worker";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  printer: printerRouter,
  worker: workerRouter,
});

export type AppRouter = typeof appRouter;
