import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, ready, test } from "./helpers";

/**
 * The forecast (issue 25). start-server.sh gives each browser mode's partner
 * one open sourced deal, "Contoso rollout", in HubSpot's "Contract sent"
 * (90 %), USD 2,000.00 MRR, closing on the 15th of this month; no plan.
 */
function partnerOf(testInfo: TestInfo) {
  return hydrated(testInfo)
    ? { member: "member@upwind.test", partner: "Upwind Forecast Co" }
    : { member: "member@downwind.test", partner: "Downwind Forecast Co" };
}

async function openProgress(page: Page, testInfo: TestInfo) {
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Progress" }).click();
  await expect(page.getByRole("heading", { name: "Review progress", level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

/** The year-end cells of the forecast table's sourced deal MRR row. */
function yearEnd(page: Page) {
  return page
    .getByRole("table", { name: "Forecast", exact: true })
    .getByRole("row", { name: /^Sourced deal MRR/ })
    .getByRole("cell");
}

function topDeal(page: Page) {
  return page
    .getByRole("table", { name: "Deals that matter most this quarter" })
    .getByRole("row", { name: /Contoso rollout/ })
    .getByRole("cell");
}

test("a member reads the forecast and changes a stage's probability and a deal's own", async ({ page }, testInfo) => {
  const { member, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, member);
  await page.getByRole("link", { name: partner }).first().click();
  await openProgress(page, testInfo);

  // Target (none), straight-line pacing, commit, weighted, best case, coverage.
  await expect(yearEnd(page)).toHaveText(["USD 0.00", /./, "USD 2,000.00", "USD 1,800.00", "USD 2,000.00", "—"]);
  await expect(topDeal(page)).toHaveText(["Sourced", "Contract sent", "90%", /-15/, "USD 2,000.00", "USD 1,800.00"]);
  // The chart's band, named in its legend; its numbers are in the table beside it.
  await expect(page.getByText("Forecast: commit to best case").first()).toBeVisible();
  const mrr = page.getByRole("table", { name: "Sourced deal MRR", exact: true });
  await expect(mrr.getByRole("columnheader", { name: "Forecast: weighted (commit–best case)" })).toBeVisible();

  // The stage's probability, lowered on the deals area.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Deals" }).click();
  await page.getByRole("link", { name: "Stage probabilities" }).click();
  await expect(page.getByRole("heading", { name: "Stage probabilities", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const stage = page.getByRole("row", { name: /Contract sent/ });
  await expect(stage.getByRole("cell").first()).toHaveText("1");
  await stage.getByLabel("Probability of Contract sent (%)").fill("50");
  await stage.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Stage probabilities saved.")).toBeVisible();
  await expect(page.getByLabel("Probability of Contract sent (%)")).toHaveValue("50");
  await ready(page, testInfo);

  await openProgress(page, testInfo);
  await expect(yearEnd(page)).toHaveText(["USD 0.00", /./, "USD 0.00", "USD 1,000.00", "USD 2,000.00", "—"]);

  // The deal's own probability, from its form (opened from the list).
  await page.getByRole("link", { name: "Contoso rollout" }).click();
  await expect(page.getByLabel("Pipeline stage")).toHaveValue("Contract sent");
  await ready(page, testInfo);
  await page.getByLabel("Probability (%)", { exact: true }).fill("75");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Deal saved.")).toBeVisible();
  await openProgress(page, testInfo);
  await expect(topDeal(page)).toHaveText(["Sourced", "Contract sent", "75% (set on this deal)", /-15/, "USD 2,000.00", "USD 1,500.00"]);
  await expect(yearEnd(page)).toHaveText(["USD 0.00", /./, "USD 0.00", "USD 1,500.00", "USD 2,000.00", "—"]);
});

test("a Traditional Chinese member adds a stage and is told what a probability must be", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).first().click();
  await page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "交易", exact: true }).click();
  await page.getByRole("link", { name: "階段成交機率" }).click();
  await expect(page.getByRole("heading", { name: "階段成交機率", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  // The 2025 import's open deal named HubSpot's first stage: 20 %.
  await expect(page.getByLabel("Appointment Scheduled的成交機率 (%)")).toHaveValue("20");

  await page.getByLabel("成交機率 (%)", { exact: true }).fill("150");
  await page.getByRole("button", { name: "新增階段" }).click();
  await expect(page.getByText("請輸入階段名稱。").first()).toBeVisible();
  await expect(page.getByText("請輸入 0 到 100 之間的整數百分比。").first()).toBeVisible();
  await ready(page, testInfo);

  const name = `口頭承諾 ${testInfo.project.name}`;
  await page.getByLabel("階段名稱").fill(name);
  await page.getByLabel("成交機率 (%)", { exact: true }).fill("９５％");
  await page.getByRole("button", { name: "新增階段" }).click();
  await expect(page.getByText("已新增階段。")).toBeVisible();
  await expect(page.getByLabel(`${name}的成交機率 (%)`)).toHaveValue("95");
  await ready(page, testInfo);
});
