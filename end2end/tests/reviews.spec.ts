import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, logOut, ready, test } from "./helpers";

/**
 * Each browser mode reviews a partner of its own (start-server.sh), so the two
 * runs never see each other's review. The tests run on today's date: the
 * review is of the quarter that just ended, and the months after it are the
 * ones whose targets it may raise.
 */
function partnerOf(testInfo: TestInfo) {
  return hydrated(testInfo)
    ? { member: "member@eastwind.test", memberName: "Erin East", partner: "Eastwind Review Co" }
    : { member: "member@westwind.test", memberName: "Wes West", partner: "Westwind Review Co" };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The quarter that ended last, its name as pages show it, and the month after it. */
function lastQuarter() {
  const now = new Date();
  let year = now.getFullYear();
  let quarter = Math.floor(now.getMonth() / 3);
  if (quarter === 0) {
    year -= 1;
    quarter = 4;
  }
  const name = `${year} Q${quarter}`;
  // A fourth quarter's review updates next year's plan, from January.
  const nextMonth = quarter === 4 ? 0 : quarter * 3;
  const planYear = quarter === 4 ? year + 1 : year;
  return { name, lastMonth: MONTHS[quarter * 3 - 1], nextMonth: MONTHS[nextMonth], planYear };
}

async function openArea(page: Page, testInfo: TestInfo, area: string) {
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: area }).click();
  await ready(page, testInfo);
}

test("a member reviews the last quarter with the PDM, who completes it", async ({ page }, testInfo) => {
  // A whole quarterly review by two people, each page checked by axe-core.
  test.slow();
  const { member, memberName, partner } = partnerOf(testInfo);
  const { name, lastMonth, nextMonth, planYear } = lastQuarter();
  const taskTitle = `Call the new reseller (${testInfo.project.name})`;
  await logIn(page, testInfo, member);

  // The plan the review will update.
  await openArea(page, testInfo, "Goals");
  if (planYear !== new Date().getFullYear()) {
    await page.getByLabel("Year").selectOption(String(planYear));
    await page.getByRole("button", { name: "Show" }).click();
  }
  await page.getByRole("link", { name: "Set annual goals" }).click();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel(`Sourced deals created, ${nextMonth}`, { exact: true }).fill("2");
  await page.getByLabel(`Sourced deals created, ${lastMonth}`, { exact: true }).fill("3");
  await page.getByRole("button", { name: "Save and exit" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();

  // Start the review of the quarter that just ended (the default choice).
  await openArea(page, testInfo, "Quarterly reviews");
  await expect(page.getByText("No quarterly review yet.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Quarter to review")).toHaveValue(/Q/);
  await page.getByRole("button", { name: "Start quarterly review" }).click();
  await expect(page.getByRole("heading", { name: `Quarterly review ${name}`, level: 1 })).toBeVisible();
  await expect(page.getByText("Quarterly review started.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Performance snapshot" })).toContainText("Sourced deals created");
  await ready(page, testInfo);

  // Notes, a strategy change and next quarter's targets, saved together.
  await page.getByLabel("Date held").fill(`${new Date().getFullYear()}-10-05`);
  await page.getByLabel("Attendees").fill(`${memberName}, Pat Chen`);
  await page.getByLabel("What went well").fill("Two new resellers signed.");
  await page.getByLabel("What did not go well").fill("A slow summer.");
  await page.getByLabel("Changes in strategy or focus").fill("Focus on retail customers.");
  // Months up to the end of the reviewed quarter are locked.
  await expect(page.getByLabel(`Sourced deals created, ${lastMonth}`, { exact: true })).toHaveCount(0);
  const next = page.getByLabel(`Sourced deals created, ${nextMonth}`, { exact: true });
  await expect(next).toHaveValue("2");
  await next.fill("4");
  await page.getByLabel("Reason for the change (optional)").fill("Retail push");
  await page.getByRole("button", { name: "Save review" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Changes in strategy or focus")).toHaveValue("Focus on retail customers.");
  const changes = page.getByRole("region", { name: "Changes made in this review" });
  await expect(changes).toContainText(`Quarterly review ${name}: Retail push`);
  await expect(page.getByLabel(`Sourced deals created, ${nextMonth}`, { exact: true })).toHaveValue("4");
  await ready(page, testInfo);

  // A new task from the review, in the task panel; then completed from the review.
  await page.getByRole("link", { name: "Create open task" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await panel.getByLabel("Task title").fill(taskTitle);
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();
  await openArea(page, testInfo, "Quarterly reviews");
  await page.getByRole("link", { name }).click();
  const followUp = page.getByRole("region", { name: "Task follow-up" });
  await expect(followUp).toContainText(taskTitle);
  await followUp.getByRole("button", { name: `Complete “${taskTitle}”` }).click();
  await expect(page.getByText("Task marked as completed.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Task follow-up" })).not.toContainText(taskTitle);
  await ready(page, testInfo);
  await logOut(page, memberName);

  // The PDM sees the review and marks it complete.
  await logIn(page, testInfo, "pdm@vendor.test");
  await page.getByRole("link", { name: partner }).first().click();
  await openArea(page, testInfo, "Quarterly reviews");
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Draft");
  await page.getByRole("link", { name }).click();
  await expect(page.getByLabel("Changes in strategy or focus")).toHaveValue("Focus on retail customers.");
  await page.getByRole("button", { name: "Mark complete" }).click();
  await expect(page.getByText("Review marked complete.")).toBeVisible();

  // Read-only from then on: no fields, no save, who completed it and when.
  await expect(page.getByText("This review is completed and read-only.")).toBeVisible();
  await expect(page.getByText(/Completed by Pat Chen/)).toBeVisible();
  await expect(page.getByText("Focus on retail customers.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save review" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Mark complete" })).toHaveCount(0);
  await expect(page.getByLabel("Changes in strategy or focus")).toHaveCount(0);
  const frozen = page.getByRole("region", { name: "Task follow-up" });
  await expect(frozen).toContainText("The open tasks as they stood when this review was completed");
  await ready(page, testInfo);

  // Frozen: a task created afterwards is not in its follow-up.
  const later = `After the review (${testInfo.project.name})`;
  await openArea(page, testInfo, "Go to market");
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  const laterPanel = page.getByRole("complementary", { name: "New task" });
  await laterPanel.getByLabel("Task title").fill(later);
  await laterPanel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();
  await openArea(page, testInfo, "Quarterly reviews");
  await page.getByRole("link", { name }).click();
  await expect(page.getByText("This review is completed and read-only.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Task follow-up" })).not.toContainText(later);

  // The printable view holds the same record.
  await page.getByRole("link", { name: "Printable view" }).click();
  await expect(page.getByRole("heading", { name: `Quarterly review ${name}`, level: 1 })).toBeVisible();
  await expect(page.getByText("Two new resellers signed.")).toBeVisible();
  await ready(page, testInfo);
  // Printed on A4 (210 mm less Chrome's default margins: 190 mm, 718 px),
  // the record fits the paper's width and no table is cut at its edge.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 718, height: 1016 });
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    cut: [...document.querySelectorAll("main *")]
      // (Text for screen readers only is 1 px wide by design.)
      .filter((el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
      .map((el) => el.getAttribute("aria-label") ?? el.tagName),
  }));
  expect(overflow.page).toBeLessThanOrEqual(718);
  expect(overflow.cut, "cut off on paper").toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("review-print-a4.png"), fullPage: true });
});

test("the reviews page speaks Traditional Chinese", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "季度檢討" }).click();
  await expect(page.getByRole("heading", { name: "季度檢討", level: 1 })).toBeVisible();
  await expect(page.getByLabel("要檢討的季度")).toBeVisible();
  await expect(page.getByRole("button", { name: "開始季度檢討" })).toBeVisible();
  await ready(page, testInfo);
});
