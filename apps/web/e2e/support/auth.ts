// Signing in as a user of a role, for e2e tests. TEMPORARY: until better-auth lands the
// app treats every request as an admin, so this does nothing yet; keep calling it.
import type { Page } from "@playwright/test";

export type E2eRole = "admin" | "operator" | "viewer";

export async function loginAs(_page: Page, _role: E2eRole): Promise<void> {
  // Filled in by the auth change: creates the user if needed and signs in through /login.
}
