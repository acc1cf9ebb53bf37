// Admin → Notifications against the real product: a channel pointing at a receiver started
// here on 127.0.0.1, "Send a test message" delivered (signed) by the real worker and its outcome
// shown, a rule with quiet hours, the delivery log, the write-only URL, enable/disable, delete
// with confirmation, axe light and dark; other roles refused.
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";

interface Received {
  path: string;
  contentType: string | undefined;
  signature: string | undefined;
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
        signature: req.headers["x-printernizer-signature"] as string | undefined,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, received };
}

test("an admin adds a signed channel and a rule, sends a test the receiver verifies, edits, disables and deletes it", async ({
  page,
}, testInfo) => {
  const receiver = await startReceiver();
  try {
    await loginAs(page, "admin");
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Add channel" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("E2E receiver");
    await dialog.getByLabel("Address (URL)").fill("ftp://127.0.0.1/hook");
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog.getByText("Only http:// and https:// addresses can receive webhooks.")).toBeVisible();
    await dialog
      .getByLabel("Address (URL)")
      .fill(`http://127.0.0.1:${receiver.port}/hook?token=e2e-webhook-secret`);
    await dialog.getByRole("button", { name: "Add channel" }).click();
    await expect(dialog).toBeHidden();
    // the signing secret is shown once
    const secret = (await page.getByTestId("signing-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page
      .getByRole("region", { name: "Signing secret for E2E receiver" })
      .getByRole("button", { name: "Done" })
      .click();
    await expect(page.getByTestId("signing-secret")).toHaveCount(0);

    const row = page.getByTestId("webhook-list").locator('tr[data-webhook="E2E receiver"]');
    await expect(row).toContainText(`http://127.0.0.1:${receiver.port}/…`);
    await expect(row).toContainText("Generic JSON");
    await expect(row).toContainText("signed");
    await expect(page.locator("body")).not.toContainText("e2e-webhook-secret");
    await expect(page.locator("body")).not.toContainText(secret);

    await row.getByRole("button", { name: "Send a test message to E2E receiver" }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const [hit] = receiver.received;
    expect(hit?.path).toBe("/hook?token=e2e-webhook-secret");
    expect(hit?.contentType).toBe("application/json");
    expect(hit?.signature).toBe(
      `sha256=${createHmac("sha256", secret)
        .update(hit?.body ?? "")
        .digest("hex")}`,
    );
    expect(JSON.parse(hit?.body ?? "{}")).toMatchObject({
      event: "test",
      title: "Printernizer test notification",
      message: "If you can read this, the webhook works.",
    });
    await expect(page.getByTestId("test-result")).toHaveText(
      "Test message to E2E receiver delivered (HTTP 204).",
      { timeout: 15_000 },
    );
    const delivery = page.getByTestId("delivery-log").locator('tbody tr[data-webhook="E2E receiver"]');
    await expect(delivery).toHaveAttribute("data-status", "sent", { timeout: 15_000 });
    await expect(delivery).toContainText("HTTP 204");
    await expect(delivery).toContainText("test");
    await expect(row).toContainText("sent, ");

    // a rule: finished jobs, failures and errors of every printer go to the receiver
    await page.getByRole("button", { name: "Add rule" }).click();
    await dialog.getByLabel("Rule name").fill("E2E everything");
    await dialog.getByRole("button", { name: "Add rule" }).click();
    await expect(dialog.getByText("Pick at least one channel to send to.")).toBeVisible();
    await dialog.getByLabel("E2E receiver").check();
    await dialog.getByLabel("Quiet hours").check();
    await dialog.getByLabel("Time zone").fill("Mars/Olympus");
    await dialog.getByRole("button", { name: "Add rule" }).click();
    await expect(dialog.getByText("Unknown time zone; use a name such as Europe/Berlin.")).toBeVisible();
    await dialog.getByLabel("Time zone").fill("Europe/Berlin");
    await dialog.getByRole("button", { name: "Add rule" }).click();
    await expect(dialog).toBeHidden();
    const rule = page.getByTestId("rule-list").locator('tr[data-rule="E2E everything"]');
    await expect(rule).toContainText("Job finished, Job failed, Printer error");
    await expect(rule).toContainText("all printers");
    await expect(rule).toContainText("22:00–07:00 Europe/Berlin");
    await expect(row.locator("td").nth(3)).toHaveText("1");
    await expectNoSeriousA11yViolations(page, "notifications, light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, "notifications, dark");
    await page.emulateMedia({ colorScheme: "light" });
    await testInfo.attach("notifications page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    // Edit: the URL field starts empty (write-only); leaving it empty keeps the address.
    await row.getByRole("button", { name: "Edit E2E receiver" }).click();
    await expect(dialog.getByLabel("Address (URL)")).toHaveValue("");
    await dialog.getByLabel("Name").fill("E2E receiver renamed");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    const renamed = page.getByTestId("webhook-list").locator('tr[data-webhook="E2E receiver renamed"]');
    await expect(rule).toContainText("E2E receiver renamed");
    await rule.getByRole("button", { name: "Edit rule E2E everything" }).click();
    await dialog.getByLabel("Job failed").uncheck();
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(rule).not.toContainText("Job failed");
    await renamed.getByRole("button", { name: "Send a test message to E2E receiver renamed" }).click();
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
    await expect(rule).toContainText("no channel");
    await rule.getByRole("button", { name: "Delete rule E2E everything" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(rule).toHaveCount(0);
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
        enabled: true,
      },
    },
  });
  expect(create.status()).toBe(403);
  expect((await page.request.get("/api/trpc/notificationRule.list")).status()).toBe(403);
  expect(
    ((await create.json()) as { error: { json: { data: { code: string } } } }).error.json.data.code,
  ).toBe("FORBIDDEN");
});
