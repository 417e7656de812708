import type { Page, TestInfo } from "@playwright/test";
import { expect, logIn, ready, test } from "./helpers";

async function openSettings(page: Page, testInfo: TestInfo) {
  await logIn(page, testInfo, "pdm@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Pat Chen" })).toBeVisible();
  await ready(page, testInfo);
  await page.locator("summary", { hasText: "Pat Chen" }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

test("a user changes their time zone", async ({ page }, testInfo) => {
  await openSettings(page, testInfo);
  const zone = testInfo.project.name === "no-js" ? "Europe/Berlin" : "Asia/Tokyo";
  await page.getByLabel("Time zone").selectOption(zone);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Time zone")).toHaveValue(zone);
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue(zone);
});

test("a password change with a wrong current password is refused, field by field", async ({ page }, testInfo) => {
  await openSettings(page, testInfo);
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Confirm new password").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("The current password is not correct.")).toBeVisible();
  await expect(page.getByText("The password must have at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  // Still signed in: a refused change ends nothing.
  await expect(page.locator("summary", { hasText: "Pat Chen" })).toBeVisible();
});
