import { expect, logIn, logOut, ready, test } from "./helpers";

test("a partner member logs in, opens the areas and logs out", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Morgan Lee" })).toBeVisible();
  await page.getByRole("link", { name: "Acme Cloud" }).click();
  await expect(page.getByRole("heading", { name: "Goals" })).toBeVisible();
  await ready(page, testInfo);

  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await nav.getByRole("link", { name: "Go to market" }).click();
  await expect(page.getByRole("heading", { name: "Go to market" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Go to market" })).toHaveAttribute("aria-current", "page");
  // A member has no partner switcher: there is nothing to switch to.
  await expect(page.getByText("Switch partner")).toHaveCount(0);

  await ready(page, testInfo);
  await logOut(page, "Morgan Lee");
  await expect(page.getByRole("heading", { name: "Log in to partner-map" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a PDM logs in and switches partner", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "pdm@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Pat Chen" })).toBeVisible();
  await page.getByRole("link", { name: "Acme Cloud" }).click();
  await expect(page.getByText("Partner: Acme Cloud", { exact: true })).toBeVisible();
  await ready(page, testInfo);

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Deals" }).click();
  await expect(page.getByRole("heading", { name: "Deals" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByText("Switch partner").click();
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).click();
  // The same area, now for the other partner.
  await expect(page.getByText("Partner: 福爾摩沙雲端 Formosa", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Deals" })).toBeVisible();
  await expect(page).toHaveURL(/\/p\/\d+\/deals$/);
});

test("switching to 中文 shows Traditional Chinese", async ({ page }, testInfo) => {
  await page.goto("/login");
  await ready(page, testInfo);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "登入 partner-map" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await ready(page, testInfo);

  // After login the account's own language setting applies (English here)...
  await page.getByLabel("電子郵件").fill("member@acme.test");
  await page.getByLabel("密碼").fill("e2e passphrase 1");
  await page.getByRole("button", { name: "登入" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Morgan Lee" })).toBeVisible();
  await page.getByRole("link", { name: "Acme Cloud" }).click();
  await expect(page.getByRole("heading", { name: "Set your partner goals" })).toBeVisible();

  // ...and switching it there changes the whole workspace.
  await ready(page, testInfo);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "設定您的合作夥伴目標" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  await expect(page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "進入市場" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "設定您的合作夥伴目標" })).toBeVisible();

  await ready(page, testInfo);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Set your partner goals" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("a wrong password shows an error", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@formosa.test", "not the password");
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page.getByRole("heading", { name: "Log in to partner-map" })).toBeVisible();
});

test("another partner's page is refused, in words and with a title", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Morgan Lee" })).toBeVisible();
  // Acme is partner 1 and Formosa partner 2 in the browser tests' workspace.
  const response = await page.goto("/p/2/goals");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(page).toHaveTitle(/^No access/);
  await expect(page.getByRole("alert")).toHaveText("You do not have access to this.");
  await ready(page, testInfo);
});
