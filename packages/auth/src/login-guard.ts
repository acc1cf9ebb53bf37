// Failed sign-ins are throttled per (account, address) pair and per address, counted from the
// audit log so every web instance sees the same numbers. A success does not reset the count:
// the window simply slides. There is no account-wide lock, so a stranger's wrong guesses never
// lock the owner out from their own address; an account under attack from many addresses is
// only slowed down.
import type { Db } from "@printernizer/db";

export const loginGuardLimits = {
  windowMs: 15 * 60_000,
  /** Failures for one account from one address. */
  perAccountAndAddress: 5,
  /** Failures from one address, any account. */
  perAddress: 20,
  /** Failures for one account from anywhere before each further attempt is slowed down. */
  slowDownAfterPerAccount: 50,
  slowDownMs: 1_000,
} as const;

export type LoginGuardVerdict = { allowed: true; delayMs: number } | { allowed: false; message: string };

export async function checkLoginAllowed(
  db: Db,
  email: string,
  ip: string | null,
  limits = loginGuardLimits,
): Promise<LoginGuardVerdict> {
  const since = new Date(Date.now() - limits.windowMs);
  const minutes = Math.round(limits.windowMs / 60_000);
  const failed = { action: "auth.login_failed", createdAt: { gte: since } };
  const [forPair, forAddress, forAccount] = await Promise.all([
    db.auditLog.count({ where: { ...failed, targetLabel: email, ip } }),
    ip ? db.auditLog.count({ where: { ...failed, ip } }) : Promise.resolve(0),
    db.auditLog.count({ where: { ...failed, targetLabel: email } }),
  ]);
  if (forPair >= limits.perAccountAndAddress) {
    return {
      allowed: false,
      message: `Too many failed sign-ins for this account from your network address. Wait ${minutes} minutes and try again, or ask an admin to reset your password.`,
    };
  }
  if (forAddress >= limits.perAddress) {
    return {
      allowed: false,
      message: `Too many failed sign-ins from your network address. Wait ${minutes} minutes and try again.`,
    };
  }
  return { allowed: true, delayMs: forAccount >= limits.slowDownAfterPerAccount ? limits.slowDownMs : 0 };
}
