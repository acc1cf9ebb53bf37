import { createTRPCRouter } from "../trpc";
import { adminAuditRouter } from "./admin-audit";
import { adminPrintersRouter } from "./admin-printers";
import { adminUsersRouter } from "./admin-users";

export const adminRouter = createTRPCRouter({
  printers: adminPrintersRouter,
  users: adminUsersRouter,
  audit: adminAuditRouter,
});
