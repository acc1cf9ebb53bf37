import { adminRouter } from "./router/admin";
import { eventsRouter } from "./router/events";
import { commandRouter } from "./router/command";
import { farmRouter } from "./router/farm";
import { filesRouter } from "./router/files";
import { jobsRouter } from "./router/jobs";
import { libraryRouter } from "./router/library";
import { printRouter } from "./router/print";
import { printerRouter } from "./router/printer";
import { queueRouter } from "./router/queue";
import { webhookRouter } from "./router/webhook";
import { workerRouter } from "./router/worker";
import { kioskRouter } from "./router/kiosk";
import { wallRouter } from "./router/wall";
import { bulkRouter } from "./router/bulk";
import { notificationRuleRouter } from "./router/notification-rule";
import { apiKeysRouter } from "./router/api-keys";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  admin: adminRouter,
  events: eventsRouter,
  command: commandRouter,
  farm: farmRouter,
  files: filesRouter,
  jobs: jobsRouter,
  library: libraryRouter,
  print: printRouter,
  printer: printerRouter,
  queue: queueRouter,
  webhook: webhookRouter,
  worker: workerRouter,
  kiosk: kioskRouter,
  wall: wallRouter,
  bulk: bulkRouter,
  notificationRule: notificationRuleRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
