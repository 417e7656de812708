import { expect, logIn, logOut, ready, test } from "./helpers";

// Both browser projects run against one server and database: every name made
// here carries the project's name.

test("the admin sets up a partner and its member, who chooses a password; a PDM then sees the partner", async ({ page }, testInfo) => {
  // Four people's logins and an accessibility check of every page: longer than most.
  test.setTimeout(120_000);
  const project = testInfo.project.name;
  const partner = `Zenith Labs ${project}`;
  const email = `zoe.${project}@zenith.test`;
  const name = `Zoe ${project}`;

  // The admin creates the partner...
  await logIn(page, testInfo, "admin@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
  await page.locator("summary", { hasText: "Alex Admin" }).click();
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("navigation", { name: "Administration sections" }).getByRole("link", { name: "Partners" }).click();
  await expect(page.getByRole("heading", { name: "Partners", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Partner name").fill(partner);
  await page.getByLabel("Currency").fill("TWD");
  await page.getByLabel("Time zone").selectOption("Asia/Taipei");
  await page.getByRole("button", { name: "Create partner" }).click();
  await expect(page.getByRole("heading", { name: partner, level: 1 })).toBeVisible();
  await expect(page.getByText("Partner created.")).toBeVisible();
  await ready(page, testInfo);
  const partnerPage = new URL(page.url()).pathname;

  // ...and its member, with a one-time password shown once.
  await page.getByRole("navigation", { name: "Administration sections" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Role").selectOption("member");
  await page.getByLabel("Partner (members only)").selectOption({ label: partner });
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const oneTime = (await page.locator("[data-one-time-password]").textContent())?.trim() ?? "";
  expect(oneTime.length).toBeGreaterThanOrEqual(16);
  expect(page.url()).not.toContain(oneTime);
  await ready(page, testInfo);
  await page.reload();
  await expect(page.locator("[data-one-time-password]")).toHaveCount(0);
  await logOut(page, "Alex Admin");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  // The member logs in with it and must choose their own before anything else.
  await logIn(page, testInfo, email, oneTime);
  await expect(page.getByRole("heading", { name: "Choose your own password", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/choose-password$/);
  await ready(page, testInfo);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/choose-password$/);
  await ready(page, testInfo);
  const own = `zoe's own passphrase ${project}`;
  await page.getByLabel("Current password", { exact: true }).fill(oneTime);
  await page.getByLabel("New password", { exact: true }).fill(own);
  await page.getByLabel("Confirm new password", { exact: true }).fill(own);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await expect(page.getByRole("main").getByText(partner)).toBeVisible();
  await ready(page, testInfo);
  await logOut(page, name);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  // The admin assigns the partner to a PDM...
  await logIn(page, testInfo, "admin@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
  await page.goto(partnerPage);
  await ready(page, testInfo);
  await page.getByLabel("PDM", { exact: true }).selectOption({ label: "Pat Chen <pdm@vendor.test>" });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText("Assigned.")).toBeVisible();
  await expect(page.getByRole("region", { name: "PDMs assigned" }).getByRole("link", { name: "Pat Chen <pdm@vendor.test>" })).toBeVisible();
  await ready(page, testInfo);
  await logOut(page, "Alex Admin");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  // ...who then finds it in the partner switcher.
  await logIn(page, testInfo, "pdm@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Pat Chen" })).toBeVisible();
  await ready(page, testInfo);
  const switcher = page.locator("details", { has: page.locator("summary", { hasText: "Switch partner" }) });
  await switcher.locator("summary").click();
  await expect(switcher.getByRole("link", { name: partner })).toBeVisible();
});

test("the audit log shows the changes and an admin page speaks Traditional Chinese", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "admin@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
  await page.goto("/admin/audit?kind=partner.");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  // Every change in words: what kind, who, what, and each value on its own line.
  const created = page.getByRole("row", { name: /Partner created/ }).filter({ hasText: "Acme Cloud" });
  await expect(created).toContainText("Command line");
  await expect(created).toContainText("Partner Acme Cloud");
  await expect(created).toContainText("Currency: USD");
  await expect(page.getByRole("cell", { name: "User created" })).toHaveCount(0);
  await expect(page.getByText("partner.create")).toHaveCount(0);
  await ready(page, testInfo);
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: "稽核紀錄", level: 1 })).toBeVisible();
  const createdZh = page.getByRole("row", { name: /建立合作夥伴/ }).filter({ hasText: "Acme Cloud" });
  await expect(createdZh).toContainText("命令列");
  await expect(createdZh).toContainText("幣別：USD");
  await ready(page, testInfo);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "使用者", level: 1 })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "上次登入" })).toBeVisible();
  await ready(page, testInfo);
  // Back to English: the other tests expect it of this admin.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
});
