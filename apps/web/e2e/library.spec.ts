// The file library in a real browser against the real product: two print files picked at once
// (a Prusa .bgcode and a two-plate Bambu .gcode.3mf) upload with a progress bar each and land in
// the list with their pictures; a broken file gets the server's reason and is not listed; the
// 3MF's page shows both plates with their pictures and a Print… button per plate.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { makeSampleBgcode } from "@printernizer/printer-sim";
import { makeMultiPlate3mf } from "@printernizer/printer-sim/bambu";
import { loginAs } from "./support/auth";

const stamp = Date.now();
const bgcodeName = `e2e_bracket_${stamp}_0.4n_0.2mm_PLA_MK4_31m.bgcode`;
const threeMfName = `E2E Organizer ${stamp}.gcode.3mf`;
const brokenName = `e2e_broken_${stamp}.gcode.3mf`;

async function imageLoaded(image: Locator): Promise<boolean> {
  return image.evaluate(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
  );
}

test("library: upload a bgcode and a multi-plate 3MF at once, see them listed with pictures; a broken file says why; the file page shows its plates", async ({
  page,
}, testInfo) => {
  await loginAs(page, "admin");
  await page.goto("/library");
  await expect(page.getByRole("heading", { name: "Library" })).toBeVisible();

  // 2 MB of G-code, so the upload takes more than one progress event
  const bgcode = makeSampleBgcode(bgcodeName, 31 * 60, 5, 2 * 1024 * 1024).bytes;
  const threeMf = makeMultiPlate3mf(`E2E Organizer ${stamp}`, [
    { name: "Drawers", minutes: 95, layers: 30, filaments: [{ type: "PLA", color: "#FF6A13", grams: 31.5 }] },
    { name: "Handles", minutes: 40, layers: 12, filaments: [{ type: "PETG", color: "#000000", grams: 8 }] },
  ]);
  await page.getByLabel("Choose print files to upload").setInputFiles([
    { name: bgcodeName, mimeType: "application/octet-stream", buffer: bgcode },
    { name: threeMfName, mimeType: "application/octet-stream", buffer: threeMf },
  ]);

  for (const name of [bgcodeName, threeMfName]) {
    const row = page.getByTestId("upload-row").filter({ hasText: name });
    await expect(row.getByRole("progressbar", { name: `Upload of ${name}` })).toBeVisible();
    await expect(row).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(row).toContainText("in the library");
  }

  for (const name of [bgcodeName, threeMfName]) {
    const card = page.getByTestId("library-file").filter({ hasText: name });
    await expect(card).toBeVisible();
    const picture = card.getByRole("img", { name: `Picture of ${name}` });
    await expect(picture).toBeVisible();
    await expect.poll(() => imageLoaded(picture)).toBe(true);
  }
  await expect(page.getByTestId("library-file").filter({ hasText: threeMfName })).toContainText("2 plates");

  // a file named like a 3MF that is not one: the server reads it, refuses it and says why
  await page.getByLabel("Choose print files to upload").setInputFiles({
    name: brokenName,
    mimeType: "application/octet-stream",
    buffer: Buffer.from("this is not a zip archive, just text pretending to be a 3MF"),
  });
  const broken = page.getByTestId("upload-row").filter({ hasText: brokenName });
  await expect(broken).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(broken.getByRole("alert")).toContainText(`"${brokenName}":`);
  await expect(page.getByTestId("library-file").filter({ hasText: brokenName })).toHaveCount(0);

  // search narrows the list and is kept in the URL
  await page.getByRole("searchbox").fill(`Organizer ${stamp}`);
  await expect(page).toHaveURL(new RegExp(`q=E2E|q=Organizer`));
  await expect(page.getByTestId("library-file")).toHaveCount(1);

  mkdirSync(path.join("test-results", "screenshots"), { recursive: true });
  const screenshot = await page.screenshot({ fullPage: true });
  await testInfo.attach("library", { body: screenshot, contentType: "image/png" });
  await page.screenshot({ path: path.join("test-results", "screenshots", "library.png"), fullPage: true });

  await page.getByRole("link", { name: threeMfName }).click();
  await expect(page.getByRole("heading", { name: threeMfName })).toBeVisible();
  const plates = page.getByTestId("library-plate");
  await expect(plates).toHaveCount(2);
  for (const [i, plate] of [plates.nth(0), plates.nth(1)].entries()) {
    await expect(plate).toContainText(`Plate ${i + 1}`);
    const picture = plate.getByRole("img", { name: `Picture of plate ${i + 1}` });
    await expect.poll(() => imageLoaded(picture)).toBe(true);
    await expect(plate.getByRole("button", { name: `Print plate ${i + 1}…` })).toBeVisible();
  }
  await expect(page.getByText("Sliced for")).toBeVisible();
  await page.screenshot({
    path: path.join("test-results", "screenshots", "library-file.png"),
    fullPage: true,
  });
});

test("library: a viewer sees the files but no upload zone and no delete", async ({ page }) => {
  await loginAs(page, "viewer");
  await page.goto("/library");
  await expect(page.getByRole("heading", { name: "Library" })).toBeVisible();
  await expect(page.getByLabel("Choose print files to upload")).toHaveCount(0);
  await expect(page.getByTestId("library-file").first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
});

test("library: an admin deletes a file after confirming", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/library?q=${encodeURIComponent(`e2e_bracket_${stamp}`)}`);
  const card = page.getByTestId("library-file").filter({ hasText: bgcodeName });
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: `Delete ${bgcodeName}` }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this file from the library?" });
  await expect(dialog).toContainText(bgcodeName);
  await dialog.getByRole("button", { name: "Delete file" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("library-file").filter({ hasText: bgcodeName })).toHaveCount(0);
});
