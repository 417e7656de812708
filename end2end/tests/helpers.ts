import { expect, type Page, type TestInfo } from "@playwright/test";

export const PASSWORD = "e2e passphrase 1";

/** Waits until the page can be used: hydrated when JavaScript runs, at once otherwise. */
export async function ready(page: Page, testInfo: TestInfo) {
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
  }
}

export async function logIn(page: Page, testInfo: TestInfo, email: string, password = PASSWORD) {
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function logOut(page: Page, accountName: string) {
  await page.locator("summary", { hasText: accountName }).click();
  await page.getByRole("button", { name: /Log out|登出/ }).click();
}
