import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, logOut, ready, test } from "./helpers";

/**
 * Each browser mode plans for a partner of its own (both seeded with the same
 * 2025 deals by start-server.sh), so the two runs never see each other's plan.
 * 2025 in those deals: sourced deals created Jan 2, Mar 2, Jun 1; won Jan 1,
 * Mar 2; sourced MRR Jan 1,000.00, Mar 1,379.83; assisted MRR Feb 2,500.00,
 * Dec 99.99.
 */
function partnerOf(testInfo: TestInfo) {
  return hydrated(testInfo)
    ? { member: "member@northwind.test", memberName: "Riley North", partner: "Northwind Traders" }
    : { member: "member@southwind.test", memberName: "Sam South", partner: "Southwind Trading" };
}

/** From the start page to a partner's goals for 2026, as a person gets there. */
async function openGoals(page: Page, testInfo: TestInfo, partner: string, heading = "Set your partner goals") {
  await page.getByRole("link", { name: partner }).first().click();
  await page.getByLabel(/^(Year|年度)$/).selectOption("2026");
  await page.getByRole("button", { name: /^(Show|顯示)$/ }).click();
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

async function chooseGrowth(page: Page, testInfo: TestInfo, label: string, percent: string, previewButton: string) {
  await page.getByLabel(label).selectOption(percent);
  if (!hydrated(testInfo)) {
    // Without JavaScript the preview is a submit the server answers.
    await page.getByRole("button", { name: previewButton }).click();
  }
}

test("a member sets the year's goals from last year's deals grown by 20%", async ({ page }, testInfo) => {
  // A long journey: several pages, each checked by axe.
  test.slow();
  const { member, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, member);
  await openGoals(page, testInfo, partner);
  await expect(page.getByText("There is no plan for 2026 yet.")).toBeVisible();
  await page.getByRole("link", { name: "Set annual goals" }).click();

  // Step 1: the company goals, with the article's examples as placeholders.
  await expect(page.getByRole("heading", { name: "Company goals" })).toBeVisible();
  await expect(page.getByLabel("Organizational goal")).toHaveAttribute("placeholder", "e.g. Sell the business within 12 months");
  await page.getByLabel("Revenue goal").fill("Grow revenue 20% in the next 12 months");
  await page.getByLabel("People goal").fill("Hire a new sales rep in the next 6 months");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Next" }).click();

  // Step 2: last year beside every month; the grid starts empty. The person
  // carries on at the step's top, not at the top of the page.
  await expect(page.getByRole("heading", { name: "Monthly targets" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Monthly targets" })).toBeFocused();
  await ready(page, testInfo);
  const cell = (metric: string, month: string) => page.getByLabel(`${metric}, ${month}`, { exact: true });
  await expect(cell("Sourced deal MRR", "March")).toHaveValue("");
  await chooseGrowth(page, testInfo, "Apply growth percentage", "20", "Preview");
  const preview = page.getByRole("region", { name: "Preview: 20% growth on last year" });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole("row", { name: /^New targets/ })).toContainText("USD 2,856.00");
  // What it does, in one sentence per goal, where the eye is.
  await expect(preview.getByRole("listitem").filter({ hasText: "Sourced deal MRR: targets go from" })).toContainText("USD 2,856.00");
  await ready(page, testInfo);
  await preview.getByRole("button", { name: "Apply to the targets" }).click();

  // Last year × 1.2, rounded half up to whole deals and whole dollars.
  await expect(cell("Sourced deal MRR", "March")).toHaveValue("1656.00");
  await expect(cell("Sourced deal MRR", "January")).toHaveValue("1200.00");
  await expect(cell("Sourced deals created", "January")).toHaveValue("2");
  await expect(cell("Sourced deals created", "June")).toHaveValue("1");
  await expect(cell("Sourced deals closed won", "March")).toHaveValue("2");
  await expect(cell("Assisted deal MRR", "February")).toHaveValue("3000.00");
  await expect(cell("Assisted deal MRR", "December")).toHaveValue("120.00");
  const fullYear = page.getByRole("table", { name: "Monthly targets" }).getByRole("row", { name: /^Full year/ });
  await expect(fullYear).toContainText("USD 2,856.00");
  await ready(page, testInfo);

  if (hydrated(testInfo)) {
    // A cell that is not a number is flagged at once, on the cell, in words.
    const april = cell("Sourced deals created", "April");
    await april.fill("five");
    await expect(april).toHaveAttribute("aria-invalid", "true");
    await expect(april).toHaveAccessibleDescription("Enter a whole number of deals.");
    // Cancel with unsaved edits asks first; declining stays on the page.
    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page.getByRole("heading", { name: "Monthly targets" })).toBeVisible();
  } else {
    // Without JavaScript, Cancel says beside it what leaving loses.
    await expect(page.getByText("(leaves without saving what you typed)")).toBeVisible();
  }

  // Any cell can still be changed by hand; live, the totals follow at once.
  await cell("Sourced deals created", "April").fill("5");
  if (hydrated(testInfo)) {
    await expect(cell("Sourced deals created", "April")).not.toHaveAttribute("aria-invalid", "true");
  }
  if (hydrated(testInfo)) {
    await expect(fullYear.getByRole("cell").nth(1)).toHaveText("10");
    // The keyboard moves between months.
    await cell("Sourced deals created", "April").press("ArrowDown");
    await expect(cell("Sourced deals created", "May")).toBeFocused();
  }
  await page.getByRole("button", { name: "Save and exit" }).click();

  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByRole("heading", { name: "Partner goals", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^Goals of ${partner}, 2026`));
  await expect(page.getByText("Grow revenue 20% in the next 12 months")).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit goals" })).toBeVisible();
  const saved = page.getByRole("table", { name: "Monthly targets" });
  await expect(saved.getByRole("row", { name: /^Full year/ }).getByRole("cell").nth(1)).toHaveText("10");
  await expect(saved.getByRole("row", { name: /^Q1/ })).toContainText("USD 2,856.00");
  await expect(page.getByText("No changes since the plan was first saved.")).toBeVisible();
  await ready(page, testInfo);
});

test("the PDM changes a target with a reason and the member sees it in the history", async ({ page }, testInfo) => {
  const { member, memberName, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, "pdm@vendor.test");
  await openGoals(page, testInfo, partner, "Partner goals");
  await page.getByRole("link", { name: "Edit goals" }).click();
  await expect(page).toHaveTitle(`Edit goals: ${partner}, 2026 · partner-map`);
  await expect(page.getByLabel("Revenue goal")).toHaveValue("Grow revenue 20% in the next 12 months");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Monthly targets" })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Sourced deal MRR, May", { exact: true }).fill("750");
  await page.getByLabel("Reason for the change (optional)").fill("Q2 review: a new reseller signed");
  await page.getByRole("button", { name: "Save and exit" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await ready(page, testInfo);
  await logOut(page, "Pat Chen");

  await logIn(page, testInfo, member);
  await expect(page.getByRole("heading", { name: `Welcome, ${memberName}` })).toBeVisible();
  await openGoals(page, testInfo, partner, "Partner goals");
  // One entry per save, newest first: who, when and why, its changes folded inside.
  const saves = page.getByRole("region", { name: "History" }).getByRole("listitem");
  await expect(saves).toHaveCount(1);
  const latest = saves.first();
  await expect(latest).toContainText("Pat Chen");
  await expect(latest).toContainText("Q2 review: a new reseller signed");
  const changes = latest.getByRole("table", { name: /^Changes saved by Pat Chen/ });
  await expect(changes).toBeHidden();
  await latest.getByText("1 change", { exact: true }).click();
  const change = changes.getByRole("row", { name: /Sourced deal MRR, May/ });
  await expect(change).toContainText("USD 0.00");
  await expect(change).toContainText("USD 750.00");
  await ready(page, testInfo);
});

test("in Traditional Chinese the wizard speaks the glossary's words", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@formosa.test");
  await openGoals(page, testInfo, "福爾摩沙雲端 Formosa", "設定您的合作夥伴目標");
  await page.getByRole("link", { name: "設定年度目標" }).click();
  await expect(page.getByRole("heading", { name: "公司目標" })).toBeVisible();
  for (const goal of ["組織目標", "營收目標", "人員目標", "市場目標", "合作夥伴關係目標"]) {
    await expect(page.getByLabel(goal)).toBeVisible();
  }
  await page.getByLabel("營收目標").fill("未來 12 個月營收成長 20%");
  await ready(page, testInfo);
  await page.getByRole("button", { name: "下一步" }).click();

  await expect(page.getByRole("heading", { name: "每月目標值" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "前一年的表現" }).first()).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "已成交的委託交易" })).toBeVisible();
  await expect(page.getByRole("button", { name: "儲存並退出" })).toBeVisible();
  await ready(page, testInfo);
  await chooseGrowth(page, testInfo, "套用成長百分比", "20", "預覽");
  await expect(page.getByRole("heading", { name: "預覽：以去年為基準成長 20%" })).toBeVisible();
  await ready(page, testInfo);
  // "Back" keeps what was typed on step 1.
  await page.getByRole("button", { name: "上一步" }).click();
  await expect(page.getByLabel("營收目標")).toHaveValue("未來 12 個月營收成長 20%");
  await ready(page, testInfo);
});
