// Hostile requests against the running web app: giant bodies are refused before they are read
// (anonymous callers cannot make the process buffer them), NUL bytes and oversized values get a
// 400 with a message instead of a 500, and no JSON answer hands a session token to scripts.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { e2eEmail, e2ePassword, ensureE2eUser, loginAs } from "./support/auth";

const origin = baseURL;
const { port, hostname } = new URL(baseURL);

/**
 * A POST that declares `declared` bytes (or streams chunked when undefined) but sends only
 * `sent` of them, resolving with the answer: the server must answer without waiting for the rest.
 */
function partialPost(
  path: string,
  options: { declared?: number; sent: number; cookie?: string },
): Promise<{ status: number; body: string; sentAll: boolean }> {
  return new Promise((resolve, reject) => {
    let sentAll = false;
    const headers: Record<string, string> = { "content-type": "application/json", origin };
    if (options.declared !== undefined) headers["content-length"] = String(options.declared);
    if (options.cookie) headers.cookie = options.cookie;
    let answered = false;
    const request = http.request(
      { host: hostname, port: Number(port), path, method: "POST", headers },
      (response) => {
        answered = true;
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        // The server closes the connection after its answer while we still send: the reset may
        // end the response before "end" (then "close" carries what arrived).
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body, sentAll }));
        response.on("close", () => resolve({ status: response.statusCode ?? 0, body, sentAll }));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error),
    );
    // Closed without any answer: say so at once rather than waiting for the test's timeout.
    request.on("close", () => {
      if (!answered) resolve({ status: 0, body: "the connection closed before any answer", sentAll });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < options.sent) {
        sent += chunk.length;
        if (!request.write(chunk)) return request.once("drain", pump);
      }
      sentAll = true;
      if (options.declared === undefined) request.end(); // chunked: the server counts as it reads
    };
    pump();
  });
}

test.describe("request bodies", () => {
  test("an anonymous 150 MB POST is refused at once, before its body is read (8 of them in parallel)", async () => {
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        partialPost("/api/auth/sign-in/email", { declared: 150 * 1024 * 1024, sent: 64 * 1024 }),
      ),
      ...Array.from({ length: 4 }, () =>
        partialPost("/api/trpc/admin.users.create", { declared: 150 * 1024 * 1024, sent: 64 * 1024 }),
      ),
    ]);
    for (const answer of answers.slice(0, 4)) {
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("too large");
    }
    for (const answer of answers.slice(4)) expect(answer.status).toBe(413);
  });

  test("an anonymous chunked body is cut off at the small limit", async () => {
    const answer = await partialPost("/api/auth/sign-in/email", { sent: 2 * 1024 * 1024 });
    // Cut off: the 413, or — when the server's close (with our unread bytes still arriving) makes
    // TCP reset the connection and drop that answer — a connection closed before we could send it all.
    if (answer.status === 0) expect(answer.sentAll, answer.body).toBe(false);
    else expect(answer.status).toBe(413);
  });

  test("a signed-in tRPC call may send up to 1 MiB, no more", async ({ page }) => {
    await loginAs(page, "admin");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const over = await partialPost("/api/trpc/admin.users.create", {
      declared: 2 * 1024 * 1024,
      sent: 64 * 1024,
      cookie,
    });
    expect(over.status).toBe(413);
    // 600 KB of JSON is read (and refused by the procedure's own rules, not the size limit).
    const within = await page.request.post("/api/trpc/webhook.create", {
      headers: { origin },
      data: { json: { name: "x".repeat(600_000) } },
    });
    expect(within.status()).toBe(400);
  });
});

test.describe("hostile values answer 400, never 500", () => {
  test("sign-in with a NUL in the email, an oversized email, or broken JSON", async ({ request }) => {
    const nul = await request.post("/api/auth/sign-in/email", {
      headers: { origin },
      data: { email: "admin\u0000@example.com", password: "whatever-123" },
    });
    expect(nul.status()).toBe(400);
    expect(((await nul.json()) as { message: string }).message).toMatch(/NUL/);
    const long = await request.post("/api/auth/sign-in/email", {
      headers: { origin },
      data: { email: `${"a".repeat(300)}@example.com`, password: "whatever-123" },
    });
    expect(long.status()).toBe(400);
    expect(((await long.json()) as { message: string }).message).toMatch(/254/);
    const megabyte = await request.post("/api/auth/sign-in/email", {
      headers: { origin },
      data: { email: `${"a".repeat(1_000_000)}@example.com`, password: "x" },
    });
    expect(megabyte.status()).toBe(413);
    const broken = await request.post("/api/auth/sign-in/email", {
      headers: { origin, "content-type": "application/json" },
      data: "{not json",
    });
    expect(broken.status()).toBe(400);
  });

  test("first-run setup with a NUL in the name (after setup: still a 400, not a 500)", async ({
    request,
  }) => {
    const response = await request.post("/api/setup", {
      headers: { origin },
      data: { name: "Evil\u0000", email: "evil@example.com", password: "evil-password-1" },
    });
    expect(response.status()).toBe(400);
  });

  test("/api/files/%00 and a NUL in the export filter", async ({ page }) => {
    await loginAs(page, "admin");
    const file = await page.request.get("/api/files/%00");
    expect(file.status()).toBe(400);
    expect(await file.json()).toEqual({ message: "That is not a file id." });
    const exported = await page.request.get("/api/jobs/export?printerId=%00");
    expect(exported.status()).toBe(400);
  });

  test("tRPC: a NUL in a query input and an event cursor beyond int64", async ({ page }) => {
    await loginAs(page, "admin");
    const nul = await page.request.get(
      `/api/trpc/printer.get?input=${encodeURIComponent(JSON.stringify({ json: { printerId: "\u0000" } }))}`,
    );
    expect(nul.status()).toBe(400);
    const cursor = await page.request.get(
      `/api/trpc/events.list?input=${encodeURIComponent(JSON.stringify({ json: { cursor: "99999999999999999999999" } }))}`,
    );
    expect(cursor.status()).toBe(400);
    expect(await cursor.text()).toContain("beyond the last possible event number");
  });
});

test("no JSON answer of the auth routes carries the session token", async ({ page }) => {
  await ensureE2eUser("operator");
  const signIn = await page.request.post("/api/auth/sign-in/email", {
    headers: { origin },
    data: { email: e2eEmail("operator"), password: e2ePassword },
  });
  expect(signIn.status()).toBe(200);
  const token =
    (await page.context().cookies())
      .find((c) => c.name === "printernizer.session_token")
      ?.value.split(".")[0] ?? "";
  expect(token.length).toBeGreaterThan(10);
  expect(await signIn.text()).not.toContain(token);
  for (const path of ["/api/auth/get-session", "/api/auth/list-sessions"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const body = await response.text();
    expect(body, path).not.toContain(token);
    expect(body, path).not.toContain('"token"');
  }
});
