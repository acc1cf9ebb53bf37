// A same-origin JSON POST with the server's message on failure (never a stack trace).
export type PostResult = { ok: true; data: unknown } | { ok: false; status: number; message: string };

export async function postJson(url: string, body: unknown): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: "Printernizer did not answer. Check that it is running and your network, then try again.",
    };
  }
  const data = (await response.json().catch(() => null)) as { message?: string } | null;
  if (response.ok) return { ok: true, data };
  const fallback =
    response.status === 429
      ? "Too many attempts. Wait a few minutes and try again."
      : `The server refused (${response.status}). Try again.`;
  return { ok: false, status: response.status, message: data?.message ?? fallback };
}
