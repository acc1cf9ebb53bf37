import { createTRPCRouter, viewerProcedure } from "../trpc";
import { listPrinters } from "../services/printers";
import { printerPageProcedures } from "./printer-page";

export const printerRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listPrinters(ctx.db)),
  ...printerPageProcedures,
});
