import { createTRPCRouter, viewerProcedure } from "../trpc";
import { listPrinters } from "@printernizer/farm/printers";
import { printerPageProcedures } from "./printer-page";

export const printerRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listPrinters(ctx.db)),
  ...printerPageProcedures,
});
