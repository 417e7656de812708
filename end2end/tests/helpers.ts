import { test as base, expect, type Page, type TestInfo } from "@playwright/test";

/**
 * Every test starts signed out and must leave the browser console clean:
 * hydration errors, CSP violations and panics show up there.
 */
export const test = base.extend<{ cleanConsole: void }>({
  cleanConsole: [
    async ({ context, page }, use) => {
      await context.clearCookies();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        const text = message.text();
        // The browser logs every 4xx answer; a refused login is one, and expected.
        const expected = /^Failed to load resource: the server responded with a status of 4\d\d/.test(text);
        if ((message.type() === "error" || message.type() === "warning") && !expected) {
          problems.push(`${message.type()}: ${text}`);
        }
      });
      await use();
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

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
