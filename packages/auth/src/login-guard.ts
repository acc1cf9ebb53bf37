// Failed sign-ins are throttled per account and per address, counted from the audit log so
// every web instance sees the same numbers. A success does not reset the count: the window
// simply slides.
import type { Db } from "@printernizer/db";

export const loginGuardLimits = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 20,
} as const;

export type LoginGuardVerdict = { allowed: true } | { allowed: false; message: string };

export async function checkLoginAllowed(db: Db, email: string, ip: string | null, limits = loginGuardLimits): Promise<LoginGuardVerdict> {
  const since = new Date(Date.now() - limits.windowMs);
  const minutes = Math.round(limits.windowMs / 60_000);
  const forAccount = await db.auditLog.count({ where: { action: "auth.login_failed", targetLabel: email, createdAt: { gte: since } } });
  if (forAccount >= limits.perAccount) {
    return { allowed: false, message: `Too many failed sign-ins for this account. Wait ${minutes} minutes and try again, or ask an admin to reset your password.` };
  }
  if (ip) {
    const forAddress = await db.auditLog.count({ where: { action: "auth.login_failed", ip, createdAt: { gte: since } } });
    if (forAddress >= limits.perAddress) {
      return { allowed: false, message: `Too many failed sign-ins from your network address. Wait ${minutes} minutes and try again.` };
    }
  }
  return { allowed: true };
}
