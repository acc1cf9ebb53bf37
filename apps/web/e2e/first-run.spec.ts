import { expect, test } from "@playwright/test";
import { signInThroughForm } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";

const owner = { name: "Farm Owner", email: "owner@printernizer.test", password: "owner-password-123" };

test.describe.configure({ mode: "serial" });

test("with no users, every page leads to first-run setup, which creates the admin and signs them in", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: /create the first admin/i })).toBeVisible();
  // setup exists only now (no users yet), so its accessibility check is here, light and dark
  await expectNoSeriousA11yViolations(page, "/setup (light)");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expectNoSeriousA11yViolations(page, "/setup (dark)");
  await page.emulateMedia({ colorScheme: "light" });
  await testInfo.attach("setup page", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Password again").fill("short");
  await page.getByRole("button", { name: /create admin/i }).click();
  await expect(page.getByTestId("form-message")).toContainText("at least 10 characters");

  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByLabel("Password again").fill(owner.password);
  await page.getByRole("button", { name: /create admin/i }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText("Farm Owner");
  await expect(page.getByTestId("signed-in-user")).toContainText("admin");
  const mainNav = page.getByRole("navigation", { name: "Main" });
  await mainNav.getByRole("button", { name: "Admin" }).click();
  await expect(mainNav.getByRole("link", { name: "Users" })).toBeVisible();

  // Setup is over: the page now sends people to sign in, and the endpoint refuses.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
  const again = await page.request.post("/api/setup", {
    data: { name: "Second", email: "second@printernizer.test", password: "second-password-1" },
  });
  expect(again.status()).toBe(409);
});

test("sign out, a wrong password is refused with a clear message, sign in again", async ({
  page,
}, testInfo) => {
  await signInThroughForm(page, owner.email, owner.password);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await testInfo.attach("login page", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toContainText("Wrong email or password");

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText("Farm Owner");
});

test("tRPC refuses anonymous callers and cross-site posts", async ({ request }) => {
  const anonymous = await request.get("/api/trpc/farm.list?input=%7B%7D");
  expect(anonymous.status()).toBe(401);
  const crossSite = await request.post("/api/trpc/admin.printers.remove", {
    headers: { origin: "http://evil.example", "content-type": "application/json" },
    data: {},
  });
  expect(crossSite.status()).toBe(403);
});
