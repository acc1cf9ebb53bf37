import { NextResponse, type NextRequest } from "next/server";
import { getSessionCookie } from "better-auth/cookies";
import { newNonce, pageContentSecurityPolicy } from "~/server/security-headers";

// Next builds `next start` with NODE_ENV=production; `next dev` needs eval (see the policy).
// eslint-disable-next-line no-restricted-properties -- a build-time constant, not configuration
const dev = process.env.NODE_ENV !== "production";

const signInPage = (path: string) => /^\/(login|setup)(\/|$)/.test(path);
// A wall display opens with its link token (checked by the page), never with a session.
const wallPage = (path: string) => path.startsWith("/wall/");

// Every page gets a fresh CSP nonce (Next.js reads it from the request's CSP header for its
// own scripts; the root layout reads x-nonce). A cheap first gate as well: a request without a
// session cookie never renders an app page (the page's layout still checks the session itself;
// this only spares the work and the noise). /login sends on to /setup when there are no users yet.
export function middleware(request: NextRequest) {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, { dev });
  const path = request.nextUrl.pathname;
  let response: NextResponse;
  if (signInPage(path) || wallPage(path) || getSessionCookie(request, { cookiePrefix: "printernizer" })) {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const login = new URL("/login", request.url);
    if (path !== "/") login.searchParams.set("next", path + request.nextUrl.search);
    response = NextResponse.redirect(login);
  }
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: not the API (which answers 401 itself, and whose bodies middleware must never
  // buffer) nor static assets.
  matcher: ["/((?!api/|_next/|favicon\\.ico|robots\\.txt).*)"],
};
