// What the audit log learns from the tRPC layer itself, for every procedure:
// - every call made with an API key (`api.<procedure>` under the key's user, details
//   {apiKeyId, keyPrefix}, outcome success / refused / failure). Mutations get a row each;
//   reads are coalesced: one row per user, procedure and outcome a minute, repeats counted
//   in details.repeats (a script polling farm.list every second writes one row a minute).
// - every call a signed-in user was refused (403): `access.<procedure>`, outcome "refused",
//   coalesced the same way, so a loop cannot flood the table.
// The procedures' own entries (printer.pause, user.role …) are written by the routers as before.
import type { TRPCError } from "@trpc/server";
import { writeAuditLog, writeCoalescedAuditLog, type AuditRecord } from "@printernizer/auth/audit-writer";
import type { Db } from "@printernizer/db";
import type { AuthSession } from "@printernizer/farm/session";

/** The API key a call was authenticated with (never the secret). */
export interface CallApiKey {
  id: string;
  keyPrefix: string;
}

interface CallContext {
  db: Db;
  session: AuthSession | null;
  apiKey?: CallApiKey;
  ip: string | null;
  headers: Headers;
}

type CallOutcome = { ok: true } | { ok: false; error: TRPCError };

export async function auditCall(
  ctx: CallContext,
  call: { path: string; type: "query" | "mutation" | "subscription" },
  result: CallOutcome,
): Promise<void> {
  const refused = !result.ok && result.error.code === "FORBIDDEN";
  if (!ctx.apiKey && !(refused && ctx.session)) return;
  const outcome = result.ok ? "success" : refused ? "refused" : "failure";
  const record: AuditRecord = {
    action: ctx.apiKey ? `api.${call.path}` : `access.${call.path}`,
    outcome,
    actorId: ctx.session?.user.id ?? null,
    actorEmail: ctx.session?.user.email ?? null,
    ip: ctx.ip,
    userAgent: ctx.headers.get("user-agent"),
    details: {
      procedure: call.path,
      role: ctx.session?.user.role ?? null,
      ...(ctx.apiKey ? { apiKeyId: ctx.apiKey.id, keyPrefix: ctx.apiKey.keyPrefix } : {}),
      ...(result.ok ? {} : { code: result.error.code, reason: result.error.message }),
    },
  };
  if (ctx.apiKey && call.type === "mutation") await writeAuditLog(ctx.db, record);
  else await writeCoalescedAuditLog(ctx.db, record);
}
