// Security headers on the running product, and a real browser using the app under the
// nonce-based Content-Security-Policy without a single violation (the theme's inline script
// included: it must carry the nonce to run).
import { expect, test, type Page } from "@playwright/test";
import { e2eEmail, e2ePassword, ensureE2eUser, signInThroughForm } from "./support/auth";

const staticHeaders = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? "", values.join(" ")]),
  );
}

test("HTML pages carry a fresh nonce-based CSP, frame and sniffing protection", async ({ request }) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await request.get("/login");
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers).toMatchObject(staticHeaders);
    const policy = directives(headers["content-security-policy"] ?? "");
    expect(policy.get("script-src")).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("connect-src")).toBe("'self'");
    const nonce = /'nonce-([^']+)'/.exec(policy.get("script-src") ?? "")?.[1] ?? "";
    // Next.js put the nonce on its own scripts.
    expect(await response.text()).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("a page redirected to sign-in and the API answer with the same protections", async ({ request }) => {
  const redirect = await request.get("/jobs", { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expect(redirect.headers()).toMatchObject(staticHeaders);
  expect(redirect.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  const api = await request.get("/api/health");
  expect(api.headers()).toMatchObject({
    ...staticHeaders,
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  });
});

async function recordViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to (execute|load|apply|connect)/i.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction("reportCspViolation", (text: string) => problems.push(`violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return problems;
}

test("signing in and using the app under the CSP raises no violation; the nonce'd theme script runs", async ({
  page,
}) => {
  await ensureE2eUser("admin");
  const problems = await recordViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.context().clearCookies();
  await page
    .context()
    .addCookies([{ name: "printernizer-theme", value: "system", url: "http://127.0.0.1:3100" }]);
  await signInThroughForm(page, e2eEmail("admin"), e2ePassword);
  // The system theme is applied by the inline script before the first paint: it ran.
  await expect(page.locator("html")).toHaveClass(/dark/);
  for (const path of [
    "/",
    "/jobs",
    "/events",
    "/admin/printers",
    "/admin/users",
    "/admin/webhooks",
    "/admin/audit",
  ]) {
    await page.goto(path);
    await expect(page.getByTestId("signed-in-user")).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
  }
  // Client-side navigation and the live stream (connect-src 'self').
  await page.goto("/");
  await page.getByRole("link", { name: "Jobs" }).first().click();
  await expect(page).toHaveURL(/\/jobs/);
  await page.waitForLoadState("load");
  expect(problems).toEqual([]);
});
