// Security headers. HTML pages get a nonce-based Content-Security-Policy, made per request in
// middleware.ts: Next.js reads the nonce from the request's CSP header and puts it on its own
// scripts; the root layout reads it (x-nonce) for the theme script. Every response (pages, API,
// static files) gets the static headers from next.config.ts. Shared by both; no server-only
// imports (middleware and next.config load it).

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy of an HTML page. 'strict-dynamic' lets the nonce'd Next.js scripts load their
 * chunks; inline style attributes (React `style`) need style-src 'unsafe-inline'. `next dev`
 * needs eval for its overlay and fast refresh, and only there.
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never documents to run or frame. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/** On every response. */
export const staticSecurityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];
