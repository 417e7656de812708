import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, logOut, ready, test } from "./helpers";

/**
 * Every page fits a phone (390 px wide): nothing is wider than the screen, a
 * wide table scrolls inside its own named region (which the keyboard reaches)
 * with its first column in view, and axe finds nothing at that width. Runs
 * after goals.spec.ts, so each mode's goals partner has this year's plan,
 * which the review started here updates.
 */
const PHONE = { width: 390, height: 844 };

function partnerOf(testInfo: TestInfo) {
  return hydrated(testInfo)
    ? { member: "member@northwind.test", memberName: "Riley North", partner: "Northwind Traders" }
    : { member: "member@southwind.test", memberName: "Sam South", partner: "Southwind Trading" };
}

/**
 * The page as it is now is no wider than the screen, and passes axe there.
 * Its screenshot goes to the test's output (end2end/test-results).
 */
async function fits(page: Page, testInfo: TestInfo) {
  await ready(page, testInfo);
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: document.documentElement.clientWidth,
  }));
  expect(widths.page, `${page.url()} is ${widths.page} px wide on a ${widths.screen} px screen`).toBeLessThanOrEqual(widths.screen);
  const name = new URL(page.url()).pathname.replace(/^\/|\/$/g, "").replace(/\//g, "_") || "home";
  await page.screenshot({ path: testInfo.outputPath(`${widths.screen}px-${name}.png`), fullPage: true });
}

async function openArea(page: Page, testInfo: TestInfo, area: string) {
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: area }).click();
  await fits(page, testInfo);
}

test("a member's pages fit a phone, tables scrolling inside their region", async ({ page }, testInfo) => {
  test.slow();
  await page.setViewportSize(PHONE);
  const { member, memberName, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, member);
  await fits(page, testInfo);
  await page.getByRole("link", { name: partner }).first().click();
  await fits(page, testInfo);
  for (const area of ["Goals", "Progress", "Deals", "Tasks", "Quarterly reviews"]) {
    await openArea(page, testInfo, area);
  }
  // A draft review: its snapshot and the plan's months to update.
  await page.getByRole("button", { name: "Start quarterly review" }).click();
  await expect(page.getByText("Quarterly review started.")).toBeVisible();
  await fits(page, testInfo);
  const base = new URL(page.url()).pathname.match(/^\/p\/\d+/)![0];
  const review = new URL(page.url()).pathname.slice(base.length);
  for (const path of ["/goals/edit", "/deals/new", "/deals/import", `${review}/print`]) {
    await page.goto(base + path);
    await fits(page, testInfo);
  }

  // A wide table (the progress page has at least one at this width): its
  // region is named, takes the keyboard's focus and scrolls sideways; its
  // first column stays where it was.
  await openArea(page, testInfo, "Progress");
  const wide = await page.locator('[role="region"][tabindex="0"]').evaluateAll((regions) =>
    regions.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.getAttribute("aria-label")),
  );
  expect(wide.length, "a table wider than the phone on the progress page").toBeGreaterThan(0);
  const region = page.getByRole("region", { name: wide[0]!, exact: true }).first();
  await region.focus();
  await expect(region).toBeFocused();
  const firstCell = region.getByRole("rowheader").first();
  const before = await firstCell.boundingBox();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const after = await firstCell.boundingBox();
  expect(after?.x).toBeCloseTo(before?.x ?? -1, 0);

  // The task list on a phone: each task a card, its due date and the
  // Overdue badge on the screen.
  await openArea(page, testInfo, "Tasks");
  const title = `Phone card (${testInfo.project.name})`;
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await panel.getByLabel("Task title").fill(title);
  await panel.getByLabel("Due date").selectOption("custom");
  await panel.getByLabel("Custom date").fill("2026-01-05");
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();
  await fits(page, testInfo);
  const card = page.locator("tr", { hasText: title });
  for (const part of [card.getByRole("link", { name: title }), card.getByText("2026-01-05"), card.getByText("Overdue")]) {
    const box = await part.boundingBox();
    expect(box, `${await part.textContent()} is shown`).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  }
  // The button stays whole (two characters in Chinese): one line high.
  const done = card.getByRole("button", { name: /^Complete/ });
  expect((await done.boundingBox())!.height).toBeLessThan(40);

  await page.goto("/settings");
  await fits(page, testInfo);
  await logOut(page, memberName);
});

test("the PDM's and the administrator's pages fit a phone", async ({ page }, testInfo) => {
  test.slow();
  await page.setViewportSize(PHONE);
  await logIn(page, testInfo, "pdm@vendor.test");
  await fits(page, testInfo);
  await page.goto("/portfolio");
  await fits(page, testInfo);
  // A partner's page: the header is two rows (the bar and the areas), the
  // language and the portfolio within reach in the menus.
  await page.getByRole("link", { name: "Acme Cloud" }).first().click();
  await fits(page, testInfo);
  const header = await page.locator("header").boundingBox();
  expect(header!.height, "the header's height on a phone").toBeLessThanOrEqual(110);
  await page.locator("summary", { hasText: "Pat Chen" }).click();
  await expect(page.getByRole("group", { name: "Language" }).getByRole("button", { name: "繁體中文" })).toBeVisible();
  await page.locator("summary", { hasText: "Pat Chen" }).click();
  await page.locator("summary", { hasText: "Acme Cloud" }).click();
  const switcher = page.locator("details", { has: page.locator("summary", { hasText: "Acme Cloud" }) });
  await expect(switcher.getByRole("link", { name: /portfolio/i })).toBeVisible();
  await page.locator("summary", { hasText: "Acme Cloud" }).click();
  await page.goto("/notifications");
  await fits(page, testInfo);
  await logOut(page, "Pat Chen");

  await logIn(page, testInfo, "admin@vendor.test");
  for (const path of ["/admin/users", "/admin/partners", "/admin/assignments", "/admin/audit", "/admin/default-tasks"]) {
    await page.goto(path);
    await fits(page, testInfo);
  }
});

test("a member's pages in Chinese fit a phone and a desktop", async ({ page }, testInfo) => {
  test.slow();
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).first().click();
  const base = new URL(page.url()).pathname.match(/^\/p\/\d+/)![0];
  for (const size of [PHONE, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    for (const path of ["/goals", "/progress", "/deals", "/tasks", "/reviews"]) {
      await page.goto(base + path);
      await fits(page, testInfo);
    }
    await page.goto("/settings");
    await fits(page, testInfo);
  }
});

test("the member's and the administrator's pages fit a desktop", async ({ page }, testInfo) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  const { member, memberName, partner } = partnerOf(testInfo);
  await logIn(page, testInfo, member);
  await page.getByRole("link", { name: partner }).first().click();
  await fits(page, testInfo);
  for (const area of ["Goals", "Progress", "Deals", "Tasks", "Quarterly reviews"]) {
    await openArea(page, testInfo, area);
  }
  // The review the phone test started: a draft, with the plan's months to
  // update (the editable ones first, none clipped).
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page.getByRole("button", { name: "Mark complete" })).toBeVisible();
  await fits(page, testInfo);
  const grid = page.getByRole("region", { name: /^Updated targets, \d+, table$/ });
  const gridBox = (await grid.boundingBox())!;
  const inputs = await grid.getByRole("textbox").all();
  expect(inputs.length, "the months still ahead, as inputs").toBeGreaterThan(0);
  for (const input of inputs) {
    const box = (await input.boundingBox())!;
    expect(box.x + box.width, `${await input.getAttribute("aria-label")} is clipped`).toBeLessThanOrEqual(gridBox.x + gridBox.width);
  }
  await page.goto("/settings");
  await fits(page, testInfo);
  await logOut(page, memberName);

  await logIn(page, testInfo, "admin@vendor.test");
  for (const path of ["/admin", "/admin/users", "/admin/partners", "/admin/assignments", "/admin/audit", "/admin/default-tasks", "/portfolio"]) {
    await page.goto(path);
    await fits(page, testInfo);
  }
});
