import { expect, test } from "@playwright/test";
import { loginAs } from "./support/auth";

test("the home page shows the running worker as alive and explains how to add printers", async ({ page }) => {
  await loginAs(page, "viewer");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Printers" })).toBeVisible();
  await expect(page.getByText("No printers yet")).toBeVisible();
  const worker = page.getByTestId("worker").first();
  await expect(worker).toHaveAttribute("data-alive", "true");
  await expect(worker).toContainText("alive");
});

test("health endpoints answer 200 with the database up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "up" });
  const worker = await request.get("http://127.0.0.1:4191/health");
  expect(worker.status()).toBe(200);
});
