// CSRF defence for state-changing requests: only a JSON POST from a page of this same site.
// Browsers send Origin on every POST; a form on another site cannot set a JSON content type
// without a preflight, which we never grant.
// File uploads are a raw body sent as application/octet-stream, which no cross-site form can send
// without a preflight either.
export function rejectCrossSite(
  request: Request,
  expected: "json" | "octet-stream" = "json",
): Response | null {
  if (request.method !== "POST") return null;
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith(`application/${expected}`)) {
    return Response.json(
      {
        message:
          expected === "json"
            ? "Send changes as JSON (Content-Type: application/json)."
            : "Send the file's bytes as the body (Content-Type: application/octet-stream).",
      },
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
