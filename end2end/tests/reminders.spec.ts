import type { Page, TestInfo } from "@playwright/test";
import { expect, logIn, ready, test } from "./helpers";

/** The bell in the header names the unread count in words. */
function bell(page: Page) {
  return page.getByRole("link", { name: /^Notifications, \d+ unread$/ });
}

async function unreadCount(page: Page) {
  const name = (await bell(page).getAttribute("aria-label")) ?? (await bell(page).innerText());
  return Number(/(\d+) unread/.exec(name)?.[1] ?? "NaN");
}

/** A task on Acme Cloud, due yesterday, reminding its creator at the due time. */
async function createDueTask(page: Page, testInfo: TestInfo, title: string) {
  await page.getByRole("link", { name: "Acme Cloud" }).first().click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Go to market" }).click();
  await ready(page, testInfo);
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await ready(page, testInfo);
  await panel.getByLabel("Task title").fill(title);
  await panel.getByLabel("Assigned to").selectOption({ label: "Casey Wu" });
  await panel.getByLabel("Due date").selectOption("custom");
  // Two days back: yesterday on any clock, whatever the runner's time zone.
  const past = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await panel.getByLabel("Custom date").fill(past);
  await panel.getByLabel("Time", { exact: true }).selectOption("08:00");
  await panel.getByLabel("Reminder", { exact: true }).selectOption("at_due");
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();
}

test("a reminder that fell due reaches the bell, and is marked read in the list", async ({ page }, testInfo) => {
  // The reminder worker runs every 10 seconds.
  test.setTimeout(90_000);
  const title = `Reminder check (${testInfo.project.name})`;
  await logIn(page, testInfo, "changer@acme.test");
  await createDueTask(page, testInfo, title);

  // The notification appears once the worker has run; the page is reloaded as a person would.
  const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
  await expect(async () => {
    await page.goto("/notifications");
    await expect(item).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000, intervals: [2000] });
  await ready(page, testInfo);
  await expect(item).toContainText("Unread");
  await expect(item).toContainText("Acme Cloud");
  const before = await unreadCount(page);
  expect(before).toBeGreaterThanOrEqual(1);

  await item.getByRole("button", { name: `Mark as read: ${title}` }).click();
  await expect(page.getByText("Marked as read.")).toBeVisible();
  await expect(item).not.toContainText("Unread");
  expect(await unreadCount(page)).toBe(before - 1);
  await ready(page, testInfo);

  // Exactly one notification for this reminder, however often the worker ran.
  await expect(item).toHaveCount(1);

  // The bell leads to the list.
  await page.goto("/settings");
  await bell(page).click();
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
});

test("a private calendar URL serves the user's tasks until it is revoked", async ({ page }, testInfo) => {
  const title = `Calendar check (${testInfo.project.name})`;
  await logIn(page, testInfo, "changer@acme.test");
  await createDueTask(page, testInfo, title);

  await page.goto("/settings");
  await ready(page, testInfo);
  const section = page.getByRole("region", { name: "Calendar feed" });
  // A URL left by an earlier run is replaced; otherwise one is created.
  await section.getByRole("button", { name: /^(Create|Replace) the calendar URL$|^Create a calendar URL$/ }).click();
  await expect(page.getByText("Your calendar URL is ready.")).toBeVisible();
  const url = await section.getByLabel("Your calendar URL").inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/.+\.ics$/);
  await ready(page, testInfo);

  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const body = await feed.text();
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body).toContain(title);

  await section.getByRole("button", { name: "Stop sharing" }).click();
  await expect(page.getByText("Sharing stopped: the calendar URL no longer works.")).toBeVisible();
  expect((await page.request.get(url)).status()).toBe(404);
  await ready(page, testInfo);
});
