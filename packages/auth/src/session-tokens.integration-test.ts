// Session tokens stay in the httpOnly cookie: no JSON answer of the auth routes hands one to
// page scripts (sign-in, get-session, list-sessions), and the cookie still works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { createAuth, type Auth } from "./auth";
import { deriveAuthSecret } from "./secret";
import { createUser } from "./users";

let database: TestDatabase;
let auth: Auth;
const origin = "http://127.0.0.1:3999";
const headers = { origin, "x-forwarded-for": "192.0.2.50", "user-agent": "vitest" };

beforeAll(async () => {
  database = await createTestDatabase();
  auth = createAuth({ db: database.db, secret: deriveAuthSecret("cd".repeat(32)) });
  await createUser(database.db, {
    email: "tokens@example.com",
    name: "Tokens",
    password: "tokens-password-1",
    role: "operator",
  });
});
afterAll(async () => database?.drop());

describe("session tokens are never in a JSON answer", () => {
  let cookie = "";
  let rawToken = "";

  it("sign-in sets the cookie but its body carries no token", async () => {
    const response = await auth.handler(
      new Request(`${origin}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ email: "tokens@example.com", password: "tokens-password-1" }),
      }),
    );
    expect(response.status).toBe(200);
    cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    rawToken = (
      await database.db.session.findFirstOrThrow({ where: { user: { email: "tokens@example.com" } } })
    ).token;
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ user: { email: "tokens@example.com" } });
    expect(JSON.parse(body)).not.toHaveProperty("token");
    expect(body).not.toContain(rawToken);
  });

  it("get-session answers the user and session without the token", async () => {
    const response = await auth.handler(
      new Request(`${origin}/api/auth/get-session`, { headers: { ...headers, cookie } }),
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    const parsed = JSON.parse(body) as { user: { email: string }; session: Record<string, unknown> };
    expect(parsed.user.email).toBe("tokens@example.com");
    expect(parsed.session.id).toBeTruthy();
    expect(parsed.session).not.toHaveProperty("token");
    expect(body).not.toContain(rawToken);
  });

  it("list-sessions lists sessions without their tokens", async () => {
    const response = await auth.handler(
      new Request(`${origin}/api/auth/list-sessions`, { headers: { ...headers, cookie } }),
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    const rows = JSON.parse(body) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toHaveProperty("token");
    expect(body).not.toContain(rawToken);
  });

  it("the server-side session lookup still works (by cookie)", async () => {
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user.email).toBe("tokens@example.com");
  });
});
