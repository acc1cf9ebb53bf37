import { toNextJsHandler } from "better-auth/next-js";
import { emailRules } from "@printernizer/auth";
import { getAuth } from "~/server/auth";
import { bodyLimits, readJsonBody } from "~/server/request-body";
import { rejectCrossSite } from "~/server/same-origin";

export const dynamic = "force-dynamic";

const notFound = () => Response.json({ message: "Not found" }, { status: 404 });

// better-auth's own endpoints (sign-in, sign-out, session). Sign-up is off: admins create users.
// Anyone may post here, so bodies get the small anonymous limit and the hostile-value check
// (NUL, lone surrogates) before better-auth or the database sees them.
export async function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}
export async function POST(request: Request) {
  if (new URL(request.url).pathname.endsWith("/sign-up/email")) return notFound();
  const rejected = rejectCrossSite(request);
  if (rejected) return rejected;
  const body = await readJsonBody(request, bodyLimits.anonymous);
  if ("response" in body) return body.response;
  const email = (body.json as { email?: unknown } | null | undefined)?.email;
  if (typeof email === "string" && email.length > emailRules.max)
    return Response.json({ message: emailRules.tooLong }, { status: 400 });
  return toNextJsHandler(getAuth()).POST(body.request);
}
