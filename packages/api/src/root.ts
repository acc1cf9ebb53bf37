import { eventsRouter } from "./router/events";
import { farmRouter } from "./router/farm";
import { jobsRouter } from "./router/jobs";
import { printerRouter } from "./router/printer";
import { webhookRouter } from "./router/webhook";
import { workerRouter } from "./router/worker";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  events: eventsRouter,
  farm: farmRouter,
  jobs: jobsRouter,
  printer: printerRouter,
  webhook: webhookRouter,
  worker: workerRouter,
});

export type AppRouter = typeof appRouter;
