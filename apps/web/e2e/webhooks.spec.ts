// Admin → Notifications against the real product: a webhook pointing at a receiver started
// here on 127.0.0.1, "Send test" delivered by the real worker, the delivery log, the
// write-only URL, enable/disable, delete with confirmation; other roles refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { loginAs } from "./support/auth";

interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
}

async function startReceiver(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        contentType: req.headers["content-type"],
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

test("an admin adds a webhook, sends a test the receiver gets as JSON, edits, disables and deletes it", async ({
  page,
}, testInfo) => {
  const receiver = await startReceiver();
  try {
    await loginAs(page, "admin");
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("E2E receiver");
    await dialog.getByLabel("Address (URL)").fill("ftp://127.0.0.1/hook");
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog.getByText("Only http:// and https:// addresses can receive webhooks.")).toBeVisible();
    await dialog
      .getByLabel("Address (URL)")
      .fill(`http://127.0.0.1:${receiver.port}/hook?token=e2e-webhook-secret`);
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByTestId("webhook-list").locator('tr[data-webhook="E2E receiver"]');
    await expect(row).toContainText(`http://127.0.0.1:${receiver.port}/…`);
    await expect(row).toContainText("Generic JSON");
    await expect(page.locator("body")).not.toContainText("e2e-webhook-secret");

    await row.getByRole("button", { name: "Send a test to E2E receiver" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const [hit] = receiver.received;
    expect(hit?.path).toBe("/hook?token=e2e-webhook-secret");
    expect(hit?.contentType).toBe("application/json");
    expect(JSON.parse(hit?.body ?? "{}")).toMatchObject({
      event: "test",
      title: "Printernizer test notification",
      message: "If you can read this, the webhook works.",
    });
    const delivery = page.getByTestId("delivery-log").locator('tbody tr[data-webhook="E2E receiver"]');
    await expect(delivery).toHaveAttribute("data-status", "sent", { timeout: 15_000 });
    await expect(delivery).toContainText("HTTP 204");
    await expect(delivery).toContainText("test");
    await expect(row).toContainText("sent, ");
    await testInfo.attach("webhooks page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    // Edit: the URL field starts empty (write-only); leaving it empty keeps the address.
    await row.getByRole("button", { name: "Edit E2E receiver" }).click();
    await expect(dialog.getByLabel("Address (URL)")).toHaveValue("");
    await dialog.getByLabel("Name").fill("E2E receiver renamed");
    await dialog.getByLabel("Job failed").uncheck();
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    const renamed = page.getByTestId("webhook-list").locator('tr[data-webhook="E2E receiver renamed"]');
    await expect(renamed).not.toContainText("Job failed");
    await renamed.getByRole("button", { name: "Send a test to E2E receiver renamed" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    expect(receiver.received[1]?.path).toBe("/hook?token=e2e-webhook-secret");

    await renamed.getByRole("button", { name: "Disable E2E receiver renamed" }).click();
    await expect(renamed).toHaveAttribute("data-enabled", "false");
    await renamed.getByRole("button", { name: "Enable E2E receiver renamed" }).click();
    await expect(renamed).toHaveAttribute("data-enabled", "true");

    await renamed.getByRole("button", { name: "Delete E2E receiver renamed" }).click();
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(renamed).toBeVisible();
    await renamed.getByRole("button", { name: "Delete E2E receiver renamed" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(renamed).toHaveCount(0);
    await expect(
      page.getByTestId("delivery-log").locator('tbody tr[data-webhook="E2E receiver renamed"]'),
    ).toHaveCount(0);
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
});

test("a non-admin cannot reach /admin/webhooks and its procedures answer 403", async ({ page }) => {
  await loginAs(page, "operator");
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  await expect(page.getByTestId("webhook-list")).toHaveCount(0);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }),
  ).toHaveCount(0);

  const list = await page.request.get("/api/trpc/webhook.list");
  expect(list.status()).toBe(403);
  const create = await page.request.post("/api/trpc/webhook.create", {
    headers: { origin: baseURL, "content-type": "application/json" },
    data: {
      json: {
        name: "sneaky",
        url: "https://example.org/hook",
        format: "generic",
        events: ["job_completed"],
        enabled: true,
      },
    },
  });
  expect(create.status()).toBe(403);
  expect(
    ((await create.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code,
  ).toBe("FORBIDDEN");
});
