import { expect, test } from "@playwright/test";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { loginAs, signInThroughForm } from "./support/auth";
import { withE2eDatabase } from "./support/database";

const hex = (fingerprint: string) => fingerprint.replace(/[^0-9a-f]/gi, "").toUpperCase();

test("an admin adds a simulated Bambu printer: a wrong access code is named, the right one connects and its certificate is trusted", async ({
  page,
}, testInfo) => {
  const sim = await new BambuSimulator({
    host: "127.0.3.240",
    mqttPort: 8883,
    ftpPort: 990,
    accessCode: "e2ecode1",
    model: "X1C",
  }).start();
  try {
    await loginAs(page, "admin");
    await page.goto("/admin/printers");
    await page.getByRole("button", { name: "Add printer" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Kind").selectOption("bambu");
    await dialog.getByLabel("Name", { exact: true }).fill("E2E Bambu X1C");
    await dialog.getByLabel("IP address or host name").fill(sim.options.host);
    await dialog.getByLabel("Serial number").fill(sim.serial);
    await dialog.getByLabel("LAN access code").fill("wrong-00");

    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(dialog.getByTestId("connection-failed")).toHaveAttribute("data-reason", "authorization", {
      timeout: 30_000,
    });
    await expect(dialog).toContainText("LAN access code");

    await dialog.getByLabel("LAN access code").fill("e2ecode1");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(dialog.getByTestId("connection-ok")).toContainText(sim.serial, { timeout: 30_000 });
    expect(hex(await dialog.getByTestId("certificate-fingerprint").innerText())).toBe(
      hex(sim.certificateFingerprint),
    );
    await dialog.getByRole("button", { name: "Trust this certificate" }).click();
    expect(hex(await dialog.getByLabel("Certificate fingerprint (SHA-256)").inputValue())).toBe(
      hex(sim.certificateFingerprint),
    );
    await testInfo.attach("add printer form", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
    await dialog.getByRole("button", { name: "Add printer" }).click();

    const row = page.locator('[data-printer="E2E Bambu X1C"]');
    await expect(row).toContainText("LAN access code: ••••");
    await expect(row).not.toContainText("e2ecode1");
    // The worker picks the new row up and connects; the dashboard shows it live.
    await page.goto("/");
    await expect(page.locator("[data-printer-id]").filter({ hasText: "E2E Bambu X1C" })).toHaveAttribute(
      "data-state",
      "idle",
      { timeout: 30_000 },
    );
    const stored = await withE2eDatabase((db) =>
      db.query<{ credentials: string; settings: { certificateFingerprint?: string } }>(
        `SELECT credentials, settings FROM "Printer" WHERE name = 'E2E Bambu X1C'`,
      ),
    );
    expect(stored.rows[0]!.credentials).not.toContain("e2ecode1");
    expect(hex(stored.rows[0]!.settings.certificateFingerprint ?? "")).toBe(hex(sim.certificateFingerprint));

    // Editing keeps the stored access code unless a new one is typed.
    await page.goto("/admin/printers");
    await row.getByRole("button", { name: "Edit E2E Bambu X1C" }).click();
    await expect(dialog.getByLabel("LAN access code")).toHaveValue("");
    await expect(dialog.getByLabel("LAN access code")).toHaveAttribute("placeholder", /stored/);
    await dialog.getByLabel("IP address or host name").fill("  ");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog.getByTestId("form-message")).toContainText(/IP address/);
    await dialog.getByLabel("IP address or host name").fill(sim.options.host);
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(dialog.getByTestId("connection-ok")).toBeVisible({ timeout: 30_000 });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await testInfo.attach("printer admin page", {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });

    await row.getByRole("button", { name: "Remove E2E Bambu X1C" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove printer" }).click();
    await expect(row).toHaveCount(0);
  } finally {
    await withE2eDatabase((db) => db.query(`DELETE FROM "Printer" WHERE name = 'E2E Bambu X1C'`));
    await sim.stop();
  }
});

test("an admin adds an operator, who sees no admin pages and whose admin calls are refused; a viewer cannot command printers", async ({
  page,
  browser,
}, testInfo) => {
  await loginAs(page, "admin");
  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Olivia Operator");
  await dialog.getByLabel("Email").fill("olivia@printernizer.test");
  await dialog.getByLabel("Role").selectOption("operator");
  await dialog.getByLabel("Initial password").fill("olivia-password-1");
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator('[data-user="olivia@printernizer.test"]')).toContainText("Olivia Operator");
  await testInfo.attach("users page", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });

  const operatorContext = await browser.newContext();
  try {
    const operator = await operatorContext.newPage();
    await signInThroughForm(operator, "olivia@printernizer.test", "olivia-password-1");
    await expect(operator.getByTestId("signed-in-user")).toContainText("operator");
    await expect(
      operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }),
    ).toHaveCount(0);
    await expect(
      operator.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Admin" }),
    ).toHaveCount(0);
    await operator.goto("/admin/printers");
    await expect(operator.getByRole("heading", { name: "Admins only" })).toBeVisible();
    await expect(operator.getByRole("button", { name: "Add printer" })).toHaveCount(0);
    expect((await operator.request.get("/api/trpc/admin.printers.list")).status()).toBe(403);
    const createAsOperator = await operator.request.post("/api/trpc/admin.users.create", {
      data: { json: { email: "x@printernizer.test", name: "X", password: "x-password-12", role: "admin" } },
    });
    expect(createAsOperator.status()).toBe(403);
  } finally {
    await operatorContext.close();
  }

  const viewerContext = await browser.newContext();
  try {
    const viewer = await viewerContext.newPage();
    await loginAs(viewer, "viewer");
    const cancel = await viewer.request.post("/api/trpc/printer.command", {
      data: { json: { printerId: "any", kind: "cancel" } },
    });
    expect(cancel.status()).toBe(403);
    expect(await cancel.text()).toContain("operator");
  } finally {
    await viewerContext.close();
  }

  // The admin sees all of it in the audit log.
  await page.goto("/admin/audit?action=user.");
  await expect(
    page.locator('[data-action="user.create"]').filter({ hasText: "olivia@printernizer.test" }),
  ).toBeVisible();
  await page.goto("/admin/audit?action=auth.");
  await expect(
    page.locator('[data-action="auth.login"]').filter({ hasText: "olivia@printernizer.test" }).first(),
  ).toBeVisible();
  await testInfo.attach("audit log", {
    body: await page.screenshot({ fullPage: true }),
    contentType: "image/png",
  });
});
