import { expect, logIn, ready, test } from "./helpers";

/**
 * A HubSpot export as people download it: a byte-order mark, CRLF, quoted
 * fields with commas, money with currency signs, a recurring-revenue column
 * beside the total amount. Record IDs are the project's own, so the hydrated
 * and the no-JavaScript runs each import their own deals.
 */
function hubspotExport(tag: string) {
  const rows = [
    `"Record ID","Deal Name","Deal Stage","Create Date","Close Date","Amount","Monthly recurring revenue","Deal owner","Associated Company","Deal Type"`,
    `"${tag}-1","${tag} Globex, phase 2","Closed Won","2026-01-15 09:30","2026-03-31","$12,000.00","$1,250.50","Morgan Lee","Globex","Sourced"`,
    `"${tag}-2","${tag} Initech renewal","closed lost","2026/02/01","03/15/2026","5000","US$400","Alex Wu","Initech","Assisted"`,
    `"${tag}-3","${tag} Hooli pilot","Appointment Scheduled","2026-04-01","","","300","","Hooli","Sourced"`,
    `"${tag}-4","${tag} Impossible","Closed Won","02/30/2026","","","100","","","Sourced"`,
  ];
  return Buffer.from("\uFEFF" + rows.join("\r\n") + "\r\n", "utf-8");
}

async function upload(page: import("@playwright/test").Page, file: Buffer) {
  await page.getByLabel("CSV file").setInputFiles({ name: "hubspot-deals.csv", mimeType: "text/csv", buffer: file });
  await page.getByRole("button", { name: "Upload and preview" }).click();
}

test("a member imports a HubSpot export, checks the preview and imports it again without changes", async ({ page }, testInfo) => {
  // A long journey: several pages, each checked by axe.
  test.slow();
  const tag = `E2E${testInfo.project.name === "no-js" ? "N" : "H"}`;
  await logIn(page, testInfo, "member@acme.test");
  await page.getByRole("link", { name: "Acme Cloud" }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Deals" }).click();
  await expect(page.getByRole("heading", { name: "Deals", exact: true })).toBeVisible();
  await ready(page, testInfo);

  await page.getByRole("link", { name: "Import from CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import deals from a HubSpot export" })).toBeVisible();
  await ready(page, testInfo);
  await upload(page, hubspotExport(tag));

  // The preview: what was detected, what would happen, and why rows are refused.
  await expect(page.getByText("3 created, 0 updated, 0 unchanged, 0 kept as changed in the app, 1 rejected")).toBeVisible();
  await expect(page.getByLabel("MRR column")).toHaveValue("monthly recurring revenue");
  await expect(page.getByLabel("Deal kind", { exact: true })).toHaveValue("column");
  const rejected = page.getByRole("table", { name: "Rejected rows" });
  await expect(rejected.getByRole("row", { name: /5 the create date "02\/30\/2026" is not a possible date/ })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole("button", { name: "Import these deals" }).click();
  await expect(page.getByRole("status")).toHaveText("Import complete: 3 created, 0 updated, 0 unchanged, 0 kept as changed in the app, 1 rejected.");
  await ready(page, testInfo);

  // The deals are in the table, found by the search.
  await page.getByRole("link", { name: "Back to deals" }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(tag);
  await page.getByRole("button", { name: "Apply" }).click();
  const table = page.getByRole("table", { name: "Deals of Acme Cloud" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row", { name: new RegExp(`${tag} Globex, phase 2 Globex Sourced Closed won 2026-01-15 2026-03-31 USD 1,250.50`) })).toBeVisible();
  await expect(page.getByText("Showing 1–3 of 3 deals")).toBeVisible();
  await ready(page, testInfo);

  // The same file again changes nothing.
  await page.getByRole("link", { name: "Import from CSV" }).click();
  await upload(page, hubspotExport(tag));
  await expect(page.getByText("0 created, 0 updated, 3 unchanged, 0 kept as changed in the app, 1 rejected")).toBeVisible();
  await page.getByRole("button", { name: "Import these deals" }).click();
  await expect(page.getByRole("status")).toHaveText("Import complete: 0 created, 0 updated, 3 unchanged, 0 kept as changed in the app, 1 rejected.");
});

test("a file that is not a deals export is refused with the reason", async ({ page }, testInfo) => {
  await logIn(page, testInfo, "member@acme.test");
  await expect(page.getByRole("heading", { name: "Welcome, Morgan Lee" })).toBeVisible();
  const partner = await page.getByRole("link", { name: "Acme Cloud" }).getAttribute("href");
  await page.goto(partner!.replace("/goals", "/deals/import"));
  await ready(page, testInfo);
  await upload(page, Buffer.from("Deal Name,Amount\nA,1\n"));
  await expect(page.getByRole("alert")).toHaveText("The file lacks required columns: Record ID, Deal Stage, Create Date.");
  await expect(page.getByRole("heading", { name: "Import deals from a HubSpot export" })).toBeVisible();
});

test("a member adds a deal by hand, in their language, and corrects what the form refuses", async ({ page }, testInfo) => {
  const name = `手動交易 ${testInfo.project.name}`;
  await logIn(page, testInfo, "member@formosa.test");
  await page.getByRole("link", { name: "福爾摩沙雲端 Formosa" }).click();
  await page.getByRole("navigation", { name: "主要導覽" }).getByRole("link", { name: "交易" }).click();
  await ready(page, testInfo);
  await page.getByRole("link", { name: "新增交易" }).click();
  await expect(page.getByRole("heading", { name: "新增交易" })).toBeVisible();
  await ready(page, testInfo);

  await page.getByLabel("交易名稱").fill(name);
  await page.getByLabel("階段", { exact: true }).selectOption({ label: "已成交" });
  await page.getByLabel("建立日期").fill("2026-03-10");
  await page.getByLabel("結案日期").fill("2026-03-01");
  await page.getByLabel("每月經常性收入（TWD）").fill("NT$30,000");
  await page.getByRole("button", { name: "儲存" }).click();

  // Refused: the message is on its field, and everything typed is still there.
  await expect(page.getByText("結案日期不能早於建立日期。")).toBeVisible();
  await expect(page.getByLabel("交易名稱")).toHaveValue(name);
  await expect(page.getByLabel("每月經常性收入（TWD）")).toHaveValue("NT$30,000");
  await ready(page, testInfo);
  await page.getByLabel("結案日期").fill("2026-03-20");
  await page.getByRole("button", { name: "儲存" }).click();

  await expect(page.getByText("已新增交易。")).toBeVisible();
  const table = page.getByRole("table", { name: "福爾摩沙雲端 Formosa 的交易" });
  await expect(table.getByRole("row", { name: new RegExp(`${name} .* 已成交 2026-03-10 2026-03-20 TWD 30,000.00`) })).toBeVisible();
  await ready(page, testInfo);
});
