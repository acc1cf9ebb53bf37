import { createTRPCRouter, publicProcedure } from "../trpc";
import { listPrinters } from "../services/printers";

export const printerRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listPrinters(ctx.db)),
});
