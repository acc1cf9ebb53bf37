import { createTRPCRouter, viewerProcedure } from "../trpc";
import { listPrinters } from "../services/printers";

export const printerRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listPrinters(ctx.db)),
});
