import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, logOut, ready, test } from "./helpers";

/** Where the server writes its messages without an SMTP server (start-server.sh). */
const MAIL_DIR = join(__dirname, "..", ".tmp", "mail");

async function openSettings(page: Page, testInfo: TestInfo, email: string, heading: string) {
  await logIn(page, testInfo, email);
  await ready(page, testInfo);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  await ready(page, testInfo);
}

/** The newest message written to `to`, as its file says, waiting for it to come (the worker runs every 5 s). */
async function newestMessageTo(to: string, subject: RegExp): Promise<string> {
  let found = "";
  await expect
    .poll(
      () => {
        const names = (() => {
          try {
            return readdirSync(MAIL_DIR).filter((n) => n.endsWith(".eml")).sort();
          } catch {
            return [];
          }
        })();
        for (const name of names.reverse()) {
          // Read as a person's mail program shows it: long header lines
          // unfolded, quoted-printable soft line breaks joined.
          const text = readFileSync(join(MAIL_DIR, name), "utf8").replace(/\r?\n[ \t]+/g, " ").replace(/=\r?\n/g, "");
          if (text.includes(`<${to}>`) && subject.test(text)) {
            found = text;
            return true;
          }
        }
        return false;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return found;
}

for (const [language, email, heading, region, digest, day, save, saved] of [
  ["English", "changer@acme.test", "Settings", "Email", "Weekly digest", "Friday", "Save email choices", "Saved."],
  ["Traditional Chinese", "member@formosa.test", "設定", "電子郵件", "每週摘要", "星期五", "儲存郵件選項", "已儲存。"],
]) {
  test(`a person chooses which emails they receive, in ${language}`, async ({ page }, testInfo) => {
    await openSettings(page, testInfo, email, heading);
    const section = page.getByRole("region", { name: region, exact: true });
    // Each kind is a checkbox named by its label, with what it is beside it.
    await section.getByRole("checkbox", { name: digest }).uncheck();
    await section.getByLabel(day === "Friday" ? "Digest day" : "摘要寄送日").selectOption({ label: day });
    await section.getByRole("button", { name: save }).click();
    await expect(page.getByRole("status").filter({ hasText: saved })).toBeVisible();
    await ready(page, testInfo);
    await page.reload();
    const again = page.getByRole("region", { name: region, exact: true });
    await expect(again.getByRole("checkbox", { name: digest })).not.toBeChecked();
    await expect(again.getByRole("combobox", { name: day === "Friday" ? "Digest day" : "摘要寄送日" })).toHaveValue("5");
    // Back as it was, for the other browser mode.
    await again.getByRole("checkbox", { name: digest }).check();
    await again.getByRole("button", { name: save }).click();
    await expect(page.getByRole("status").filter({ hasText: saved })).toBeVisible();
    await expect(page.getByRole("region", { name: region, exact: true }).getByRole("checkbox", { name: digest })).toBeChecked();
  });
}

test("a task given to someone reaches them by email, the admin sees it sent, and its link unsubscribes", async ({ page }, testInfo) => {
  test.slow();
  const live = hydrated(testInfo);
  const [assignee, assigneeEmail] = live ? ["Casey Wu", "changer@acme.test"] : ["Pat Chen (PDM)", "pdm@vendor.test"];
  const title = `Send the mail check (${testInfo.project.name})`;
  await logIn(page, testInfo, "member@acme.test");
  await ready(page, testInfo);
  await page.getByRole("link", { name: "Acme Cloud" }).first().click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Go to market" }).click();
  await expect(page.getByRole("heading", { name: "Go to market", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.locator("summary", { hasText: "Create task" }).click();
  await page.getByRole("link", { name: "Create open task" }).click();
  const panel = page.getByRole("complementary", { name: "New task" });
  await expect(panel).toBeVisible();
  await panel.getByLabel("Task title").fill(title);
  await panel.getByLabel("Assigned to").selectOption({ label: assignee });
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Task created.")).toBeVisible();
  await logOut(page, "Morgan Lee");

  // This task's message, not an earlier assignment to the same person.
  const message = await newestMessageTo(
    assigneeEmail,
    new RegExp(`Subject: .*Morgan Lee assigned you a task: ${title.replace(/[()]/g, "\\$&")}`),
  );
  expect(message).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  const unsubscribe = /List-Unsubscribe: <([^>]+)>/.exec(message)![1];

  await logIn(page, testInfo, "admin@vendor.test");
  await ready(page, testInfo);
  await page.goto("/admin/mail");
  await expect(page.getByRole("heading", { name: "Mail", level: 1 })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(title.replace(/[()]/g, "\\$&")) });
  await expect(row).toContainText(assigneeEmail);
  await expect(row).toContainText("Sent");
  await expect(row).toContainText("Tasks assigned to me");
  await ready(page, testInfo);
  await page.getByLabel("Show").selectOption("failed");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page.getByText("No mail yet.")).toBeVisible();
  await ready(page, testInfo);
  await logOut(page, "Alex Admin");

  // The link works without signing in: it asks, then stops that kind.
  await page.goto(unsubscribe);
  await expect(page.getByRole("heading", { name: "Stop emails", level: 1 })).toBeVisible();
  await expect(page.getByText(`Stop sending Tasks assigned to me to ${assigneeEmail}?`)).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Stop these emails" }).click();
  await expect(page.getByText(`Done: ${assigneeEmail} no longer receives Tasks assigned to me.`, { exact: false })).toBeVisible();
  await ready(page, testInfo);
});
