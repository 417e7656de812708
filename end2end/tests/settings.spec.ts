import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, ready, test } from "./helpers";

async function openSettings(page: Page, testInfo: TestInfo, email = "pdm@vendor.test", name = "Pat Chen") {
  await logIn(page, testInfo, email);
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await ready(page, testInfo);
  await page.locator("summary", { hasText: name }).click();
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

/** Picks a time zone as a person would: the combobox when live, the select without JavaScript. */
async function chooseTimeZone(page: Page, testInfo: TestInfo, search: string, zone: string) {
  const field = page.getByLabel("Time zone", { exact: true });
  if (hydrated(testInfo)) {
    await expect(field).toHaveRole("combobox");
    await field.fill(search);
    await page.getByRole("option", { name: zone }).click();
    await expect(field).toHaveValue(zone);
  } else {
    await field.selectOption(zone);
  }
}

test("a user changes their time zone", async ({ page }, testInfo) => {
  await openSettings(page, testInfo);
  const zone = hydrated(testInfo) ? "Asia/Taipei" : "Europe/Berlin";
  await chooseTimeZone(page, testInfo, "taip", zone);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue(zone);
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue(zone);
});

test("the time-zone combobox works from the keyboard", async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), "the combobox is the live version of the select");
  await openSettings(page, testInfo);
  const field = page.getByLabel("Time zone", { exact: true });
  await field.fill("new york");
  await expect(field).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("option", { name: "America/New_York" })).toBeVisible();
  await field.press("ArrowDown");
  await field.press("Escape");
  await expect(field).toHaveAttribute("aria-expanded", "false");
  await field.fill("tokyo");
  await field.press("Enter");
  await expect(field).toHaveValue("Asia/Tokyo");
  await expect(field).toBeFocused();
});

test("a refused preferences form keeps what was typed and saves nothing", async ({ page }, testInfo) => {
  await openSettings(page, testInfo);
  const tooLong = "名".repeat(101);
  await page.getByLabel("Your name").fill(tooLong);
  await page.getByRole("region", { name: "Preferences" }).getByLabel("Language").selectOption("zh-TW");
  await chooseTimeZone(page, testInfo, "auckland", "Pacific/Auckland");
  await page.getByRole("button", { name: "Save", exact: true }).click();

  await expect(page.getByText("This name is too long.")).toBeVisible();
  await expect(page.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Your name")).toHaveValue(tooLong);
  await expect(page.getByRole("region", { name: "Preferences" }).getByLabel("Language")).toHaveValue("zh-TW");
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("Pacific/Auckland");
  await expect(page.getByRole("alert")).toContainText("Some fields need your attention");
  await ready(page, testInfo);

  // Nothing was saved: a fresh view shows the stored values, still in English.
  await page.goto("/settings");
  await ready(page, testInfo);
  await expect(page.getByLabel("Your name")).toHaveValue("Pat Chen");
  await expect(page.getByRole("region", { name: "Preferences" }).getByLabel("Language")).toHaveValue("en");
  await expect(page.getByLabel("Time zone", { exact: true })).not.toHaveValue("Pacific/Auckland");
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
  await ready(page, testInfo);
});

test("the password form says as you type what is wrong", async ({ page }, testInfo) => {
  test.skip(!hydrated(testInfo), "live checks need the island");
  await openSettings(page, testInfo);
  const newPassword = page.getByLabel("New password", { exact: true });
  await newPassword.fill("abc");
  await expect(page.getByText("The password must have at least 10 characters.")).toBeVisible();
  await expect(newPassword).toHaveAttribute("aria-invalid", "true");
  await newPassword.fill("a much longer passphrase");
  await expect(page.getByText("Long enough.")).toBeVisible();
  await page.getByLabel("Confirm new password").fill("a much longer passphrasE");
  await expect(page.getByText("The two new passwords do not match.")).toBeVisible();
  await page.getByLabel("Confirm new password").fill("a much longer passphrase");
  await expect(page.getByText("The passwords match.")).toBeVisible();
  await ready(page, testInfo);
});

test("a user changes their password and back", async ({ page }, testInfo) => {
  await openSettings(page, testInfo, "changer@acme.test", "Casey Wu");
  const change = async (from: string, to: string) => {
    await page.getByLabel("Current password").fill(from);
    await page.getByLabel("New password", { exact: true }).fill(to);
    await page.getByLabel("Confirm new password").fill(to);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toHaveText("Your password has been changed. Other sessions were logged out.");
  };
  await change("e2e passphrase 1", "temporary passphrase 2");
  await change("temporary passphrase 2", "e2e passphrase 1");
  await ready(page, testInfo);
});
