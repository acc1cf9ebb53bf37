import { farmRouter } from "./router/farm";
import { printerRouter } from "./router/printer";
import { workerRouter } from "./router/worker";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  farm: farmRouter,
  printer: printerRouter,
  worker: workerRouter,
});

export type AppRouter = typeof appRouter;
