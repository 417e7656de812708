import type { TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, ready, test } from "./helpers";

/**
 * Runs after goals.spec.ts, whose first test saves each mode's partner's 2026
 * plan (last year grown by 20 %: sourced MRR target USD 1,656.00 in March,
 * USD 2,856.00 in Q1). start-server.sh gives both partners one sourced deal
 * won in March 2026, USD 828.00.
 */
/**
 * While its year runs, a forecast goal's table has a fourth column, the
 * forecast: for a period that has ended, its actual.
 */
const forecastColumn = (actual: string) => (new Date().getFullYear() === 2026 ? [actual] : []);

function partnerOf(testInfo: TestInfo) {
  return hydrated(testInfo)
    ? { member: "member@northwind.test", partner: "Northwind Traders" }
    : { member: "member@southwind.test", partner: "Southwind Trading" };
}

test("a member reads this year's progress by month and by quarter", async ({ page }, testInfo) => {
  const { member, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, member);
  await page.getByRole("link", { name: partner }).first().click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Progress" }).click();
  await page.getByLabel("Year").selectOption("2026");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Review progress", level: 1 })).toBeVisible();
  await ready(page, testInfo);

  const mrr = page.getByRole("table", { name: "Sourced deal MRR" });
  await expect(mrr.getByRole("row", { name: /^March/ }).getByRole("cell")).toHaveText(["USD 828.00", "USD 1,656.00", "50%", ...forecastColumn("USD 828.00")]);
  await expect(mrr.getByRole("row", { name: /^April/ }).getByRole("cell")).toHaveText(["USD 0.00", "USD 0.00", "—", ...forecastColumn("USD 0.00")]);
  // The chart, named, with the table as its text alternative.
  await expect(page.getByRole("img", { name: "Sourced deal MRR, 2026" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Sourced deal MRR, 2026" })).toHaveAttribute("aria-describedby", "sourced_deal_mrr-table");

  await page.getByRole("link", { name: "Quarterly", exact: true }).click();
  await expect(page.getByRole("link", { name: "Quarterly", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(mrr.getByRole("row", { name: /^Q1/ }).getByRole("cell")).toHaveText(["USD 828.00", "USD 2,856.00", "29%", ...forecastColumn("USD 828.00")]);
  await expect(page.getByRole("heading", { name: "Pacing" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Data summary" })).toBeVisible();
  await ready(page, testInfo);
});

test("a Traditional Chinese member reads progress and a quarter's data summary", async ({ page }, testInfo) => {
  // 林怡君 works in zh-TW; her partner has 2025's deals and no 2025 plan.
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).first().click();
  await page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "進度", exact: true }).click();
  await page.getByLabel("年度").selectOption("2025");
  await page.getByRole("button", { name: "顯示" }).click();
  await expect(page.getByRole("heading", { name: "檢閱進度", level: 1 })).toBeVisible();
  await ready(page, testInfo);

  const mrr = page.getByRole("table", { name: "委託交易 MRR" });
  // January: one sourced deal won, TWD 1,000; no target, so no percentage.
  const january = mrr.getByRole("row", { name: /^1月/ }).getByRole("cell");
  await expect(january.first()).toContainText("1,000");
  await expect(january.last()).toHaveText("—");

  // The data summary of the first quarter beside the same quarter a year before.
  await page.getByRole("navigation", { name: "資料摘要的期間" }).getByRole("link", { name: "第 1 季" }).click();
  const summary = page.getByRole("table", { name: "資料摘要" });
  await expect(summary.getByRole("columnheader", { name: "2025 年第 1 季", exact: true })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^成交率/ }).getByRole("cell")).toHaveText(["100%", "—"]);
  await ready(page, testInfo);
});
