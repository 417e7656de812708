import { expect, logIn, ready, test } from "./helpers";

test("the PDM's portfolio lists only their partners and sorts by any column", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "pdm@vendor.test");
  await page.getByRole("link", { name: "Portfolio", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Portfolio", level: 1 })).toBeVisible();
  await ready(page, testInfo);

  const table = page.getByRole("table", { name: "Portfolio" });
  for (const name of ["Acme Cloud", "Northwind Traders", "Southwind Trading", "福爾摩沙雲端 Formosa"]) {
    await expect(table.getByRole("link", { name, exact: true })).toBeVisible();
  }
  // Assigned to no PDM: not in anyone's portfolio.
  await expect(page.getByText("Orphan Systems")).toHaveCount(0);

  await table.getByRole("link", { name: "Sourced deal MRR" }).click();
  const column = page.getByRole("columnheader", { name: /Sourced deal MRR/ });
  await expect(column).toHaveAttribute("aria-sort", "ascending");
  // Partners without a plan have no attainment and sort last, either way.
  await expect(table.getByRole("row").last()).toContainText("—");
  await ready(page, testInfo);
  await page.getByRole("link", { name: /Sourced deal MRR/ }).click();
  await expect(page.getByRole("columnheader", { name: /Sourced deal MRR/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("table", { name: "Portfolio" }).getByRole("row").last()).toContainText("—");
  await ready(page, testInfo);

  // Each row opens that partner's progress.
  await page.getByRole("table", { name: "Portfolio" }).getByRole("link", { name: "Northwind Traders" }).click();
  await expect(page.getByRole("heading", { name: "Review progress", level: 1 })).toBeVisible();
  await ready(page, testInfo);
});

test("the portfolio reads in Traditional Chinese", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "pdm@vendor.test");
  await page.getByRole("button", { name: "中文" }).click();
  try {
    await page.getByRole("link", { name: "合作夥伴組合", exact: true }).click();
    await expect(page.getByRole("heading", { name: "合作夥伴組合", level: 1 })).toBeVisible();
    const table = page.getByRole("table", { name: "合作夥伴組合" });
    await expect(table.getByRole("link", { name: "福爾摩沙雲端 Formosa", exact: true })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: /委託交易 MRR/ })).toBeVisible();
    await expect(page.getByLabel("狀態")).toBeVisible();
    await ready(page, testInfo);
  } finally {
    // Pat Chen reads English in every other test.
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  }
});
