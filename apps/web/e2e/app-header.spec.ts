import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";

// The header on a 390 px phone is one row: the app's name and a "Menu" button (a disclosure:
// aria-expanded, Escape closes and gives focus back, following a link closes it) that holds the
// page links, the theme, the user and "Sign out". From 1024 px up the links sit in the header as before.

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 390, height: 560 } });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test("on a phone the header is one row with a menu; on a desktop the links are in the header", async ({
  page,
}, testInfo) => {
  await loginAs(page, "admin");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  const menuButton = nav.getByRole("button", { name: "Menu" });
  const jobs = nav.getByRole("link", { name: "Jobs" });

  await expect(menuButton).toHaveAttribute("aria-expanded", "false");
  await expect(jobs).toBeHidden();
  // one row: the name and the button side by side, the header no taller than that row
  const header = (await page.getByRole("banner").boundingBox())!;
  const brand = (await nav.getByRole("link", { name: "Printernizer" }).boundingBox())!;
  const button = (await menuButton.boundingBox())!;
  expect(Math.abs(brand.y + brand.height / 2 - (button.y + button.height / 2))).toBeLessThan(4);
  expect(header.height).toBeLessThan(Math.max(brand.height, button.height) + 24);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, testInfo, "phone-header");

  await menuButton.click();
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  for (const name of ["Dashboard", "Library", "Queue", "Jobs", "Events", "Users", "Audit log"])
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(nav.getByTestId("signed-in-user")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, testInfo, "phone-header-open");
  await expectNoSeriousA11yViolations(page, "phone menu open");

  // Escape closes it and focus goes back to the button; Tab from the button enters the menu
  await nav.getByRole("link", { name: "Library" }).focus();
  await page.keyboard.press("Escape");
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");
  await expect(menuButton).toBeFocused();
  await expect(jobs).toBeHidden();
  await page.keyboard.press("Enter");
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Dashboard" })).toBeFocused();

  // following a link closes the menu; a click outside closes it too
  await jobs.click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");
  await menuButton.click();
  await page.getByRole("main").click({ position: { x: 5, y: 5 } });
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // desktop: no menu button, the links and sign out in the header
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(menuButton).toBeHidden();
  await expect(jobs).toBeVisible();
  await expect(nav.getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();

  // the admin pages sit behind one "Admin" button, so the header is one row at 1,280 px
  const admin = nav.getByRole("button", { name: "Admin" });
  const users = nav.getByRole("link", { name: "Users", exact: true });
  await expect(admin).toHaveAttribute("aria-expanded", "false");
  await expect(users).toBeHidden();
  const brandBox = (await nav.getByRole("link", { name: "Printernizer" }).boundingBox())!;
  const signOutBox = (await nav.getByRole("button", { name: "Sign out" }).boundingBox())!;
  expect(Math.abs(brandBox.y + brandBox.height / 2 - (signOutBox.y + signOutBox.height / 2))).toBeLessThan(6);
  await admin.click();
  await expect(admin).toHaveAttribute("aria-expanded", "true");
  for (const name of ["Printers", "Users", "Notifications", "Audit log", "Wall displays", "All API keys"])
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "admin menu open");
  await page.keyboard.press("Escape");
  await expect(admin).toHaveAttribute("aria-expanded", "false");
  await expect(admin).toBeFocused();
  await admin.click();
  await users.click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(admin).toHaveAttribute("aria-expanded", "false");
});
