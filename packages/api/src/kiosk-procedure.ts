// The wall display's procedures: callable only with a valid wall-display link token in the
// input (`{ token }`), never with a session (a signed-in user uses the dashboard). The token is
// checked on every call, invalid ones are throttled per address (`openKiosk`), and the grant
// (`ctx.kiosk`: the link's id and name) is all these procedures know of the caller.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { openKiosk } from "@printernizer/farm/kiosk-access";
import { publicProcedure } from "./trpc";

export const ZKioskTokenInputSchema = z.object({ token: z.string().max(200) });

export const kioskProcedure = publicProcedure
  .meta({ access: "kiosk" })
  .use(async ({ ctx, getRawInput, next }) => {
    const raw = await getRawInput();
    const token = typeof raw === "object" && raw !== null ? (raw as { token?: unknown }).token : undefined;
    const opened = await openKiosk(ctx, token);
    if (!opened.ok)
      throw new TRPCError({
        code: opened.status === 429 ? "TOO_MANY_REQUESTS" : "UNAUTHORIZED",
        message: opened.message,
      });
    return next({ ctx: { ...ctx, kiosk: opened.grant } });
  })
  .input(ZKioskTokenInputSchema);
