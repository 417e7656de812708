import type { Browser, Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, ready, test } from "./helpers";

/** The Go-to-market page of Acme Cloud, reached as a person would. */
async function openTasks(page: Page, testInfo: TestInfo) {
  await page.getByRole("link", { name: "Acme Cloud" }).first().click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Go to market" }).click();
  await expect(page.getByRole("heading", { name: "Go to market", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  if (hydrated(testInfo)) {
    // The list is listening for everyone's changes.
    await expect(page.locator('[data-island="task-board"][data-live="on"]')).toBeAttached();
  }
}

/** A second person in their own browser, with JavaScript as this project has it. */
async function secondPerson(browser: Browser, testInfo: TestInfo, email: string) {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: hydrated(testInfo),
    locale: "en-US",
  });
  const page = await context.newPage();
  await logIn(page, testInfo, email);
  return { context, page };
}

/**
 * The page's cumulative layout shift so far, as Chromium reports it: the sum
 * of every shift that no input caused (what Core Web Vitals calls CLS, for a
 * page this short-lived).
 */
async function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        // Buffered entries arrive in the first callback; a second later
        // anything a late style or font moved has arrived too.
        setTimeout(() => resolve(total), 1000);
      }),
  );
}

test("menus open, move and close from the keyboard", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@acme.test");
  await openTasks(page, testInfo);
  const create = page.locator("summary", { hasText: "Create task" });
  const openTask = page.getByRole("link", { name: "Create open task" });
  await create.focus();
  await page.keyboard.press("Enter");
  await expect(openTask).toBeVisible();
  if (!hydrated(testInfo)) {
    // Without JavaScript a menu is a disclosure: Enter opens and closes it.
    await page.keyboard.press("Enter");
    await expect(openTask).toBeHidden();
    return;
  }
  // Live, the WAI-ARIA menu button keys: Enter opens onto the first item…
  await expect(openTask).toBeFocused();
  const items = page.locator("details[open] > div a");
  const count = await items.count();
  expect(count).toBeGreaterThan(2);
  // …the arrows move, and come round at either end…
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.nth(count - 1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(openTask).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(count - 1)).toBeFocused();
  await page.keyboard.press("Home");
  await expect(openTask).toBeFocused();
  // …and Escape closes it, back on its button.
  await page.keyboard.press("Escape");
  await expect(openTask).toBeHidden();
  await expect(create).toBeFocused();
  // Space opens it too; ArrowUp on the closed button opens onto the last item.
  await page.keyboard.press(" ");
  await expect(openTask).toBeFocused();
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(count - 1)).toBeFocused();
  // Moving focus elsewhere closes it.
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowDown");
  await expect(openTask).toBeFocused();
  await page.getByLabel("Status").focus();
  await expect(openTask).toBeHidden();

  // The account menu: its visible items in order (the phone's language
  // buttons are not among them at this width).
  const account = page.locator("summary", { hasText: "Morgan Lee" });
  await account.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Settings" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("button", { name: "Log out" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: "Settings" })).toBeHidden();
  await expect(account).toBeFocused();
  // A mouse opens it as a disclosure, focus staying on the button.
  await account.click();
  await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(account).toBeFocused();
});

test("a member creates a task in the panel and edits it", async ({ page }, testInfo) => {
  const title = `Call the distributor (${testInfo.project.name})`;
  await logIn(page, testInfo, "member@acme.test");
  await openTasks(page, testInfo);

  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await expect(panel).toBeVisible();
  // Opening the panel puts the person in its first field.
  await expect(panel.getByLabel("Task title")).toBeFocused();
  await ready(page, testInfo);
  if (hydrated(testInfo)) {
    // Nothing jumps as the panel's page loads and comes alive.
    expect(await layoutShift(page)).toBeLessThan(0.05);
  }
  // Closing it returns to what opened it (live: Escape does the same).
  if (hydrated(testInfo)) {
    await panel.getByLabel("Task title").press("Escape");
  } else {
    await panel.getByRole("link", { name: "Close" }).click();
  }
  await expect(panel).toBeHidden();
  await expect(page).toHaveURL(/#create-task$/);
  if (hydrated(testInfo)) {
    await expect(page.locator("summary", { hasText: "Create task" })).toBeFocused();
  }
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  await expect(panel).toBeVisible();
  await ready(page, testInfo);
  // Nothing typed: the panel says what is missing, on the field.
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByText("Enter a task title.")).toBeVisible();
  // The refusal has the focus, at the top of the form being filled.
  await expect(panel.getByRole("alert")).toBeFocused();

  await panel.getByLabel("Task title").fill(title);
  await panel.getByLabel("Task type").selectOption("call");
  await panel.getByLabel("Priority").selectOption("high");
  await panel.getByLabel("Assigned to").selectOption({ label: "Pat Chen (PDM)" });
  await panel.getByLabel("Due date").selectOption("custom");
  await panel.getByLabel("Custom date").fill("2027-01-15");
  await panel.getByLabel("Time", { exact: true }).selectOption("09:30");
  await panel.getByLabel("Reminder", { exact: true }).selectOption("before_1h");
  await panel.getByLabel("Task notes").fill("Ask about the Q1 promotion.");
  await panel.getByRole("button", { name: "Create" }).click();

  await expect(page.getByText("Task created.")).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(title.replace(/[()]/g, "\\$&")) });
  await expect(row).toContainText("2027-01-15 09:30");
  await expect(row).toContainText("Pat Chen");
  await ready(page, testInfo);

  await row.getByRole("link", { name: title }).click();
  const edit = page.getByRole("complementary", { name: "Edit task" });
  await expect(edit.getByLabel("Task title")).toHaveValue(title);
  await expect(edit.getByLabel("Reminder", { exact: true })).toHaveValue("before_1h");
  await edit.getByLabel("Priority").selectOption("low");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Task saved.")).toBeVisible();
  // Focus is on what was just done, not at the top of the page.
  await expect(page.getByRole("status").filter({ hasText: "Task saved." })).toBeFocused();
  await expect(page.getByRole("row", { name: new RegExp(title.replace(/[()]/g, "\\$&")) })).toContainText("Low");

  // Completed in one click from the list.
  await page.getByRole("button", { name: `Complete “${title}”` }).click();
  await expect(page.getByText("Task marked as completed.")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  await ready(page, testInfo);
});

test("partner and PDM edit the same task: changes appear live, a stale save shows both versions", async ({ page, browser }, testInfo) => {
  // A long journey: several pages, each checked by axe.
  test.slow();
  const title = `Plan the webinar (${testInfo.project.name})`;
  await logIn(page, testInfo, "member@acme.test");
  await openTasks(page, testInfo);
  const tasksUrl = page.url();
  const pdm = await secondPerson(browser, testInfo, "pdm@vendor.test");
  await pdm.page.goto(tasksUrl);
  await ready(pdm.page, testInfo);
  if (hydrated(testInfo)) {
    await expect(pdm.page.locator('[data-island="task-board"][data-live="on"]')).toBeAttached();
    await pdm.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }

  // The member creates a task from a default task.
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Plan a co-marketing campaign" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await expect(panel.getByLabel("Task title")).toHaveValue("Plan a co-marketing campaign");
  await expect(panel.getByLabel("Due date")).toHaveValue("in_1_month");
  await panel.getByLabel("Task title").fill(title);
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();

  const pdmRow = pdm.page.getByRole("link", { name: title });
  if (hydrated(testInfo)) {
    // It appears on the PDM's open page, without a reload.
    await expect(pdmRow).toBeVisible({ timeout: 2_000 });
    expect(await pdm.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  } else {
    await pdm.page.reload();
  }

  // Both open the task; the PDM saves first.
  await pdmRow.click();
  await page.getByRole("link", { name: title }).click();
  const pdmPanel = pdm.page.getByRole("complementary", { name: "Edit task" });
  await pdmPanel.getByLabel("Task title").fill(`${title}, with the PDM`);
  await pdmPanel.getByRole("button", { name: "Save" }).click();
  await expect(pdm.page.getByText("Task saved.")).toBeVisible();
  if (hydrated(testInfo)) {
    // The member's list follows, while their panel still holds what they opened.
    await expect(page.getByRole("link", { name: `${title}, with the PDM` })).toBeVisible({ timeout: 2_000 });
  }

  // The member saves from the version they opened: refused, both shown.
  const memberPanel = page.getByRole("complementary", { name: "Edit task" });
  await memberPanel.getByLabel("Task notes").fill("Budget agreed with marketing.");
  await memberPanel.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "Someone changed this task while you were editing it" })).toBeVisible();
  await ready(page, testInfo);
  const titleChoice = page.getByRole("group", { name: "Task title" });
  await expect(titleChoice).toContainText(`${title}, with the PDM`);
  await titleChoice.getByLabel(/Keep theirs/).check();
  await page.getByRole("complementary", { name: "Edit task" }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Task saved.")).toBeVisible();
  await page.getByRole("link", { name: `${title}, with the PDM` }).click();
  await expect(page.getByRole("complementary", { name: "Edit task" }).getByLabel("Task notes")).toHaveValue("Budget agreed with marketing.");
  await ready(page, testInfo);
  await pdm.context.close();
});

test("the Go-to-market page speaks Traditional Chinese", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).first().click();
  await page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "進入市場" }).click();
  await expect(page.getByRole("heading", { name: "進入市場", level: 1 })).toBeVisible();
  await page.locator("summary", { hasText: "建立任務" }).click();
  await page.getByRole("link", { name: "建立自訂任務" }).click();
  const panel = page.getByRole("complementary", { name: "新任務" });
  await expect(panel.getByLabel("任務標題")).toBeVisible();
  await expect(panel.getByLabel("到期日")).toHaveValue("in_3_business_days");
  await expect(panel.getByLabel("時間", { exact: true })).toHaveValue("08:00");
  await ready(page, testInfo);
});

test("an admin keeps the default tasks that partners start from", async ({ page }, testInfo) => {
  const title = `Book the partner summit (${testInfo.project.name})`;
  await logIn(page, testInfo, "admin@vendor.test");
  await page.locator("summary", { hasText: "Alex Admin" }).click();
  await page.getByRole("link", { name: "Default tasks" }).click();
  await expect(page.getByRole("heading", { name: "Default tasks", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const add = page.getByRole("region", { name: "Add a default task" });
  await add.getByLabel("Title in English").fill(title);
  await add.getByLabel("Title in Traditional Chinese").fill("預訂合作夥伴高峰會");
  await add.getByLabel("Due date").selectOption("in_3_months");
  await add.getByRole("button", { name: "Add a default task" }).click();
  await expect(page.getByText("Default task added.")).toBeVisible();
  await expect(page.getByRole("region", { name: title })).toBeVisible();
  await ready(page, testInfo);
});
