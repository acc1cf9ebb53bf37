// The benchmark's view of the web app: one signed-in session (sign-in is rate limited, so the
// cookie is shared by every request and subscriber) and timed tRPC queries.

export interface WebSession {
  origin: string;
  cookie: string;
}

export async function signIn(origin: string, email: string, password: string): Promise<WebSession> {
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("printernizer.session_token="));
  if (!cookie) throw new Error("sign-in answered without a session cookie");
  return { origin, cookie };
}

/** Runs a tRPC query (GET, no input) and returns how long it took until the whole body was read, in ms. */
export async function timeQuery(
  session: WebSession,
  procedure: string,
): Promise<{ ms: number; items: number }> {
  const started = performance.now();
  const response = await fetch(`${session.origin}/api/trpc/${procedure}`, {
    headers: { cookie: session.cookie },
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${procedure} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { result?: { data?: { json?: unknown } } };
  const data = body.result?.data?.json;
  return { ms, items: Array.isArray(data) ? data.length : 0 };
}

export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the process behind ${url} exited; its output is above`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
