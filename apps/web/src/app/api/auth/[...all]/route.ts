import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "~/server/auth";
import { rejectCrossSite } from "~/server/same-origin";

export const dynamic = "force-dynamic";

const notFound = () => Response.json({ message: "Not found" }, { status: 404 });

// better-auth's own endpoints (sign-in, sign-out, session). Sign-up is off: admins create users.
export async function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}
export async function POST(request: Request) {
  if (new URL(request.url).pathname.endsWith("/sign-up/email")) return notFound();
  const rejected = rejectCrossSite(request);
  if (rejected) return rejected;
  return toNextJsHandler(getAuth()).POST(request);
}
