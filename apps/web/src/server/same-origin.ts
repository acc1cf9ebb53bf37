// CSRF defence for state-changing requests: only a JSON POST from a page of this same site.
// Browsers send Origin on every POST; a form on another site cannot set a JSON content type
// without a preflight, which we never grant.
export function rejectCrossSite(request: Request): Response | null {
  if (request.method !== "POST") return null;
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/json")) {
    return Response.json(
      { message: "Send changes as JSON (Content-Type: application/json)." },
      { status: 415 },
    );
  }
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const ownOrigin = new URL(request.url).origin;
  const forwardedHost = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const sameOrigin =
    origin === ownOrigin ||
    (origin !== null && forwardedHost !== null && new URL(origin).host === forwardedHost);
  if ((origin && !sameOrigin) || site === "cross-site") {
    return Response.json(
      { message: "Changes are only accepted from Printernizer's own pages." },
      { status: 403 },
    );
  }
  return null;
}
