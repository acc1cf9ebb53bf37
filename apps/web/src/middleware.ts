import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";

// A cheap first gate: a request without a session cookie never renders an app page (the
// page's layout still checks the session itself; this only spares the work and the noise).
// /login sends on to /setup when there are no users yet.
export function middleware(request: NextRequest) {
  if (getSessionCookie(request, { cookiePrefix: "printernizer" })) return NextResponse.next();
  const login = new URL("/login", request.url);
  const path = request.nextUrl.pathname;
  if (path !== "/") login.searchParams.set("next", path + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but the sign-in pages, the API (which answers 401 itself) and static assets.
  matcher: ["/((?!login|setup|api|_next/|favicon\\.ico|robots\\.txt).*)"],
};
