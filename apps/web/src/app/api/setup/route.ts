import { z } from "zod";
import { writeAuthAudit } from "@printernizer/auth/audit-writer";
import { setupFirstAdmin, UserError } from "@printernizer/auth/users";
import { clientAddress, ZEmailSchema, ZNameSchema, ZPasswordSchema } from "@printernizer/auth";
import { getAuth } from "~/server/auth";
import { getDb } from "~/server/db";
import { getLogger } from "~/server/logger";
import { bodyLimits, readJsonBody } from "~/server/request-body";
import { rejectCrossSite } from "~/server/same-origin";

export const dynamic = "force-dynamic";

const ZSetupSchema = z.object({ name: ZNameSchema, email: ZEmailSchema, password: ZPasswordSchema });

// First run: creates the first admin (only while there are no users) and signs them in.
export async function POST(request: Request) {
  const rejected = rejectCrossSite(request);
  if (rejected) return rejected;
  const body = await readJsonBody(request, bodyLimits.anonymous);
  if ("response" in body) return body.response;
  const parsed = ZSetupSchema.safeParse(body.json);
  if (!parsed.success)
    return Response.json({ message: parsed.error.issues[0]?.message ?? "Check the form." }, { status: 400 });
  const db = getDb();
  try {
    const admin = await setupFirstAdmin(db, parsed.data);
    const ip = clientAddress(request.headers);
    await writeAuthAudit(db, {
      action: "auth.setup",
      outcome: "success",
      actorId: admin.id,
      email: admin.email,
      ip,
      userAgent: request.headers.get("user-agent"),
    });
  } catch (error) {
    if (error instanceof UserError) return Response.json({ message: error.message }, { status: 409 });
    getLogger().error({ err: error }, "first-run setup failed");
    return Response.json(
      { message: "Setup failed on the server. Check the server log, then try again." },
      { status: 500 },
    );
  }
  return getAuth().api.signInEmail({
    body: { email: parsed.data.email, password: parsed.data.password },
    headers: request.headers,
    asResponse: true,
  });
}
