// Opening a wall-display link, as the `/wall/<token>` page and the wall's procedures do it:
// invalid links are throttled per address like failed sign-ins (counted from the audit log, so
// every web instance sees the same numbers). Past the limit nothing is looked up or written, so
// a guesser can neither try on nor fill the audit log. A 32-byte token cannot be guessed anyway;
// this keeps a misconfigured screen or a scanner from hammering the database.
import type { AuditContext } from "./audit";
import { recordAudit } from "./audit";
import { invalidKioskLinkMessage, verifyKioskToken, type KioskGrant } from "./kiosk-tokens";

export const kioskGuardLimits = {
  windowMs: 15 * 60_000,
  /** Invalid links from one address before the next attempts are refused unseen. */
  perAddress: 20,
} as const;

export type KioskOpening =
  { ok: true; grant: KioskGrant } | { ok: false; status: 404 | 429; message: string };

export async function openKiosk(
  ctx: Pick<AuditContext, "db" | "ip" | "headers">,
  token: unknown,
  limits = kioskGuardLimits,
): Promise<KioskOpening> {
  // no token at all is not a guess (a call without the wall's input): refused without a row
  if (typeof token !== "string" || !token)
    return { ok: false, status: 404, message: invalidKioskLinkMessage };
  if (ctx.ip) {
    const failures = await ctx.db.auditLog.count({
      where: {
        action: "kiosk.denied",
        ip: ctx.ip,
        createdAt: { gte: new Date(Date.now() - limits.windowMs) },
      },
    });
    if (failures >= limits.perAddress)
      return {
        ok: false,
        status: 429,
        message: `Too many invalid wall-display links from your network address. Wait ${Math.round(limits.windowMs / 60_000)} minutes, then open the link an admin gave you.`,
      };
  }
  const grant = await verifyKioskToken(ctx.db, token);
  if (grant) return { ok: true, grant };
  // never the token itself, not even in part: a mistyped one is most of a real one
  await recordAudit({ ...ctx, session: null }, { action: "kiosk.denied", outcome: "failure" });
  return { ok: false, status: 404, message: invalidKioskLinkMessage };
}
