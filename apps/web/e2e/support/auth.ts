// Signing in as a user of a role, for e2e tests. Users are created directly in the e2e
// database (as an admin would through the app); signing in goes through the real /login page
// once per role per run, and later calls reuse that session's cookie (sign-ins are
// rate-limited per address, as they should be).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { createUser } from "@printernizer/auth/users";
import { createDb } from "@printernizer/db";
import { e2eDataDir, e2ePgPort } from "../../playwright.config";

export type E2eRole = "admin" | "operator" | "viewer";

export const e2ePassword = "e2e-password-123";
export const e2eEmail = (role: E2eRole) => `e2e-${role}@printernizer.test`;
const sessionCookies = new Map<E2eRole, Awaited<ReturnType<BrowserContext["cookies"]>>>();

export function e2eDatabaseUrl(): string {
  const { user, password } = JSON.parse(readFileSync(path.join(e2eDataDir, "postgres.json"), "utf8")) as {
    user: string;
    password: string;
  };
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${e2ePgPort}/printernizer`;
}

export async function ensureE2eUser(role: E2eRole, email = e2eEmail(role)): Promise<void> {
  const db = createDb({ databaseUrl: e2eDatabaseUrl(), max: 1 });
  try {
    if (!(await db.user.findUnique({ where: { email } })))
      await createUser(db, { email, name: `E2E ${role}`, password: e2ePassword, role });
  } finally {
    await db.$disconnect();
  }
}

/** Signs in through the login form. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}

export async function loginAs(page: Page, role: E2eRole): Promise<void> {
  const cached = sessionCookies.get(role);
  if (cached) {
    await page.context().clearCookies();
    await page.context().addCookies(cached);
    return;
  }
  await ensureE2eUser(role);
  await page.context().clearCookies();
  await signInThroughForm(page, e2eEmail(role), e2ePassword);
  sessionCookies.set(role, await page.context().cookies());
}
