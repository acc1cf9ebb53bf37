import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Page,
} from "@playwright/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { e2eEmail, loginAs } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { addPrusaPrinter, removePrinter } from "./support/database";

// Personal API keys end to end: an operator creates keys on the API keys page, a script with no
// cookies lists printers and pauses a simulated PrusaLink MK4 through the documented /api/v1
// paths, a viewer-scoped key is refused (403, audited), the admin's audit log shows the calls
// under the user, and a revoked key gets 401.
const printFile = "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode";

async function createKey(page: Page, name: string, role: "operator" | "viewer"): Promise<string> {
  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption(role);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const field = dialog.getByTestId("new-api-key");
  await expect(field).toHaveValue(/^pk_[A-Za-z0-9_-]{43}$/);
  const secret = await field.inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.locator(`[data-api-key="${name}"]`)).toContainText(secret.slice(0, 11));
  return secret;
}

test("API keys: created in the UI, used by a script without cookies through /api/v1, role-capped, audited, revoked", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const sim = await new PrusaLinkSimulator({
    host: "127.75.0.1",
    port: 0,
    name: "E2E API MK4",
    password: "e2e-api-pass",
  }).start();
  const printerId = `e2e-api-${Date.now()}`;
  let script: APIRequestContext | undefined;
  try {
    await addPrusaPrinter({
      id: printerId,
      name: "E2E API MK4",
      host: sim.host,
      port: sim.port,
      password: "e2e-api-pass",
    });
    expect(sim.startPrint(printFile)).toBe(true);

    await loginAs(page, "operator");
    await page.goto("/account/api-keys");
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await expectNoSeriousA11yViolations(page, "API keys page (light)");
    const operatorKey = await createKey(page, "E2E operator script", "operator");
    const viewerKey = await createKey(page, "E2E viewer script", "viewer");
    // the secret is not shown again
    await expect(page.getByTestId("api-key-list")).not.toContainText(operatorKey);

    // a script: its own request context, no cookies
    script = await playwrightRequest.newContext({ baseURL });
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const document = (await (await script.get("/api/openapi.json")).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/printers", "/printers/{printerId}/pause", "/commands/{commandId}"]),
    );
    expect((await script.get("/api/v1/printers")).status()).toBe(401);

    const list = await script.get("/api/v1/printers", { headers: as(operatorKey) });
    expect(list.status()).toBe(200);
    expect(await list.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: printerId, name: "E2E API MK4" })]),
    );
    await expect
      .poll(
        async () =>
          (
            (await (
              await script!.get(`/api/v1/printers/${printerId}`, { headers: as(operatorKey) })
            ).json()) as { printer: { state: string } }
          ).printer.state,
        { timeout: 20_000 },
      )
      .toBe("printing");

    const refused = await script.post(`/api/v1/printers/${printerId}/pause`, { headers: as(viewerKey) });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: "FORBIDDEN", message: expect.stringMatching(/operator role/) },
    });

    const paused = await script.post(`/api/v1/printers/${printerId}/pause`, { headers: as(operatorKey) });
    expect(paused.status()).toBe(200);
    const { commandId } = (await paused.json()) as { commandId: string };
    await expect
      .poll(
        async () =>
          (
            (await (
              await script!.get(`/api/v1/commands/${commandId}`, { headers: as(operatorKey) })
            ).json()) as { status: string }
          ).status,
        { timeout: 20_000 },
      )
      .toBe("done");
    expect(sim.engine.printerState).toBe("PAUSED");
    // the web app's own tRPC endpoint takes the key too (superjson on the wire), no cookie, no Origin
    const viaTrpc = await script.get("/api/trpc/farm.list", { headers: as(operatorKey) });
    expect(viaTrpc.status()).toBe(200);
    expect(JSON.stringify(await viaTrpc.json())).toContain(printerId);

    // the documentation page, linked from the keys page
    await page.getByRole("link", { name: "API documentation" }).click();
    await expect(page.locator('[data-operation="pausePrinter"]')).toContainText(
      "Authorization: Bearer $PRINTERNIZER_KEY",
    );
    await expectNoSeriousA11yViolations(page, "API documentation (light)");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page, "API documentation (dark)");
    await page.goto("/account/api-keys");
    await expectNoSeriousA11yViolations(page, "API keys page (dark)");
    await page.emulateMedia({ colorScheme: "light" });

    // the admin sees the calls under the operator, the refused one too
    await loginAs(page, "admin");
    await page.goto(`/admin/audit?action=api.&actor=${encodeURIComponent(e2eEmail("operator"))}`);
    const log = page.getByRole("table");
    await expect(
      log.getByRole("row").filter({ hasText: "api.printer.command" }).filter({ hasText: "refused" }),
    ).toBeVisible();
    await expect(
      log.getByRole("row").filter({ hasText: "api.printer.command" }).filter({ hasText: "success" }),
    ).toBeVisible();
    await expect(log.getByRole("row").filter({ hasText: "api.farm.list" })).toContainText(
      operatorKey.slice(0, 11),
    );
    await page.goto("/admin/api-keys");
    await expect(page.locator('[data-api-key="E2E viewer script"]')).toContainText(e2eEmail("operator"));

    // revoked on the operator's page: the script is refused with a sentence
    await loginAs(page, "operator");
    await page.goto("/account/api-keys");
    await page.getByRole("button", { name: "Revoke E2E operator script" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(page.locator('[data-api-key="E2E operator script"]')).toHaveAttribute(
      "data-revoked",
      "true",
    );
    const afterRevoke = await script.get("/api/v1/printers", { headers: as(operatorKey) });
    expect(afterRevoke.status()).toBe(401);
    expect(await afterRevoke.json()).toEqual({
      error: { code: "UNAUTHORIZED", message: expect.stringMatching(/revoked/) },
    });
  } finally {
    await script?.dispose();
    await removePrinter(printerId).catch(() => undefined);
    await sim.stop();
  }
});
