import type { APIRequestContext, Locator, Page, TestInfo } from "@playwright/test";
import { expect, hydrated, logIn, logOut, ready, test } from "./helpers";

// Both browser projects run against one server and database: every token made
// here has a name of its own (the project's name and a random suffix), and each
// test revokes what it made.

/** The tokens page's words, in each language a test reads it in. */
const WORDS = {
  en: {
    heading: "API tokens",
    newToken: "New token",
    name: "Name",
    scopes: "Scopes",
    lifetime: "Expires after",
    create: "Create token",
    created: "Token created. Copy it now.",
    secret: "Your new token",
    active: "Active tokens",
    revoke: (name: string) => `Revoke ${name}`,
    revoked: "Token revoked: requests with it are refused from now on.",
    none: "No tokens yet.",
    readDeals: "Read deals deals:read",
    readProgress: "Read progress progress:read",
    lifetimes: ["30 days", "90 days", "365 days"],
    never: "Never expires",
    nameRequired: "Give the token a name, such as the system that will use it.",
    scopesRequired: "Choose at least one scope.",
  },
  zh: {
    heading: "API 權杖",
    newToken: "新增權杖",
    name: "名稱",
    scopes: "權限範圍",
    lifetime: "有效期限",
    create: "建立權杖",
    created: "權杖已建立，請立即複製。",
    secret: "您的新權杖",
    active: "有效的權杖",
    revoke: (name: string) => `撤銷 ${name}`,
    revoked: "權杖已撤銷：從現在起，使用此權杖的請求都會被拒絕。",
    none: "尚無權杖。",
    readDeals: "讀取交易 deals:read",
    readProgress: "讀取進度 progress:read",
    lifetimes: ["30 天", "90 天", "365 天"],
    never: "永不到期",
    nameRequired: "請為權杖命名，例如將使用它的系統名稱。",
    scopesRequired: "請至少選擇一個權限範圍。",
  },
};
type Words = (typeof WORDS)["en"];

/** The six scopes as their checkboxes are named, in English. */
const SCOPES = [
  "Read deals deals:read",
  "Create, change and delete deals deals:write",
  "Read goals and targets goals:read",
  "Read progress progress:read",
  "Read tasks tasks:read",
  "Create, change and complete tasks tasks:write",
];

/** A token name no other test, browser mode or run has used. */
function uniqueName(what: string, testInfo: TestInfo) {
  return `${what} ${testInfo.project.name} ${Math.random().toString(36).slice(2, 8)}`;
}

function escaped(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The partner's id, read from the link to its pages that the start page shows. */
async function partnerIdFrom(page: Page, partner: string) {
  const href = (await page.getByRole("link", { name: partner }).first().getAttribute("href")) ?? "";
  const id = /^\/p\/(\d+)\//.exec(href)?.[1];
  expect(id, `the link to ${partner} leads to its pages: ${href}`).toBeTruthy();
  return id!;
}

/** Logs in and opens the tokens page of the partner the start page links to. */
async function openPartnerTokens(page: Page, testInfo: TestInfo, email: string, partner: string, words: Words) {
  await logIn(page, testInfo, email);
  await expect(page.getByRole("link", { name: partner }).first()).toBeVisible();
  await ready(page, testInfo);
  const id = await partnerIdFrom(page, partner);
  await page.goto(`/p/${id}/api-tokens`);
  await expect(page.getByRole("heading", { name: words.heading, level: 1 })).toBeVisible();
  await ready(page, testInfo);
  return id;
}

/** Fills in the new-token form and sends it; the secret it shows, checked for its form. */
async function makeToken(page: Page, testInfo: TestInfo, words: Words, name: string, scopes: string[], lifetime?: string) {
  const form = page.getByRole("region", { name: words.newToken });
  await form.getByLabel(words.name, { exact: true }).fill(name);
  const group = form.getByRole("group", { name: words.scopes });
  for (const scope of scopes) {
    await group.getByRole("checkbox", { name: scope, exact: true }).check();
  }
  if (lifetime) {
    await form.getByLabel(words.lifetime).selectOption({ label: lifetime });
  }
  await form.getByRole("button", { name: words.create }).click();
  await expect(page.getByRole("status")).toHaveText(words.created);
  const shown = page.getByRole("textbox", { name: words.secret });
  await expect(shown).toHaveValue(/^pm_[0-9a-f]{64}$/);
  await expect(shown).not.toBeEditable();
  const secret = await shown.inputValue();
  // The secret travels in the page, never in its address.
  expect(page.url()).not.toContain(secret);
  await ready(page, testInfo);
  return secret;
}

/** The tokens table and one token's row in it. */
function tokenRow(page: Page, words: Words, name: string) {
  const table = page.getByRole("table", { name: words.active });
  return { table, row: table.getByRole("row", { name: new RegExp(escaped(name)) }) };
}

/** The cell of `row` under the column named `column` (the token's name heads each row). */
async function cellUnder(table: Locator, row: Locator, column: string) {
  const columns = (await table.getByRole("columnheader").allTextContents()).map((c) => c.trim());
  const index = columns.indexOf(column);
  expect(index, `a column "${column}" among ${columns.join(", ")}`).toBeGreaterThan(0);
  return row.getByRole("cell").nth(index - 1);
}

async function revoke(page: Page, testInfo: TestInfo, words: Words, name: string) {
  await page.getByRole("button", { name: words.revoke(name), exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(words.revoked);
  await expect(tokenRow(page, words, name).row).toHaveCount(0);
  await ready(page, testInfo);
}

/** A partner's deals through the JSON API, as another system asks: a bearer token, no cookie. */
async function dealsThroughApi(request: APIRequestContext, partner: string, secret: string, language = "en") {
  expect((await request.storageState()).cookies).toEqual([]);
  return request.get(`/api/v1/partners/${partner}/deals`, {
    headers: { Authorization: `Bearer ${secret}`, Accept: "application/json", "Accept-Language": language },
  });
}

async function expectDeals(request: APIRequestContext, partner: string, secret: string) {
  const answer = await dealsThroughApi(request, partner, secret);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toMatch(/^application\/json/);
  const body = await answer.json();
  expect(Array.isArray(body.deals)).toBe(true);
  expect(body).toHaveProperty("next_cursor");
  return body;
}

/** The API refuses the token (revoked), saying why in `language`. */
async function expectRefused(request: APIRequestContext, partner: string, secret: string, language: "en" | "zh-TW" = "en") {
  const answer = await dealsThroughApi(request, partner, secret, language);
  expect(answer.status()).toBe(401);
  expect(answer.headers()["www-authenticate"]).toMatch(/^Bearer/);
  const { error } = await answer.json();
  expect(error.code).toBe("token_invalid");
  expect(error.message).toBe(language === "en" ? "This API token is unknown, expired or revoked." : "此 API 權杖不存在、已到期或已撤銷。");
}

/** The day `days` from now in `timeZone`, as the tokens table writes it (then the time). */
function dayIn(days: number, timeZone: string) {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** An expiry `days` from now, in `timeZone` (the day read before and after the post, should midnight fall between). */
function expiryIn(days: number, timeZone: string, before: string) {
  return new RegExp(`^(${before}|${dayIn(days, timeZone)}) \\d\\d:\\d\\d$`);
}

test("a member makes a token, reads its secret once, uses it with the API and revokes it", async ({ page, request }, testInfo) => {
  const words = WORDS.en;
  const name = uniqueName("Nightly CRM sync", testInfo);
  const partner = await openPartnerTokens(page, testInfo, "member@acme.test", "Acme Cloud", words);
  await expect(page).toHaveTitle(/^API tokens · Acme Cloud/);

  // The form: a name, six scopes none of which is ticked, and the lifetimes a
  // member may choose (90 days unless they say otherwise; never "Never expires").
  const form = page.getByRole("region", { name: words.newToken });
  await expect(form.getByRole("group", { name: words.scopes }).getByRole("checkbox")).toHaveCount(6);
  for (const scope of SCOPES) {
    await expect(form.getByRole("checkbox", { name: scope, exact: true })).not.toBeChecked();
  }
  const lifetime = form.getByRole("combobox", { name: words.lifetime });
  await expect(lifetime.getByRole("option")).toHaveText(words.lifetimes);
  await expect(lifetime).toHaveValue("90");

  // Morgan Lee reads times in UTC (no time zone of her own).
  const before = dayIn(365, "UTC");
  const secret = await makeToken(page, testInfo, words, name, [words.readDeals, words.readProgress], "365 days");
  // The form is ready for another token. Soft: what follows still runs.
  await expect.soft(lifetime, "after a token is made, its form starts afresh at 90 days").toHaveValue("90");
  await expect.soft(form.getByLabel(words.name, { exact: true })).toHaveValue("");
  const { table, row } = tokenRow(page, words, name);
  await expect(row).toHaveCount(1);
  // A partner's own page names no partner: every token on it is this partner's.
  await expect(table.getByRole("columnheader", { name: "Partner" })).toHaveCount(0);
  // The list tells tokens apart by the secret's first characters, and no more.
  await expect(row.getByRole("rowheader")).toContainText(secret.slice(0, 10));
  await expect(row.getByRole("rowheader")).not.toContainText(secret);
  await expect((await cellUnder(table, row, "Scopes")).getByRole("listitem")).toHaveText(["deals:read", "progress:read"]);
  await expect(await cellUnder(table, row, "Made by")).toContainText("Morgan Lee");
  await expect(await cellUnder(table, row, "Last used")).toHaveText("Never");
  await expect(await cellUnder(table, row, "Expires")).toHaveText(expiryIn(365, "UTC", before));

  // Another system uses it: the partner's deals, as JSON. Without a token, nothing.
  await expectDeals(request, partner, secret);
  const anonymous = await request.get(`/api/v1/partners/${partner}/deals`);
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe("token_missing");

  // Shown once: a fresh view has no secret, and says when and whence the token was used.
  await page.reload();
  await expect(page.getByRole("heading", { name: words.heading, level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox", { name: words.secret })).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(await cellUnder(table, row, "Last used")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d from \S+$/);
  await ready(page, testInfo);

  // Revoked, it opens nothing any more.
  await revoke(page, testInfo, words, name);
  await expectRefused(request, partner, secret);
});

test("a Traditional Chinese member makes a token, uses it and revokes it", async ({ page, request }, testInfo) => {
  const words = WORDS.zh;
  const name = uniqueName("每晚同步", testInfo);
  const partner = await openPartnerTokens(page, testInfo, "member@formosa.test", "福爾摩沙雲端 Formosa", words);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
  const form = page.getByRole("region", { name: words.newToken });
  const lifetime = form.getByRole("combobox", { name: words.lifetime });
  await expect(lifetime.getByRole("option")).toHaveText(words.lifetimes);
  await expect(lifetime).toHaveValue("90");

  // 林怡君 reads times in Asia/Taipei; a token lives 90 days unless she says otherwise.
  const before = dayIn(90, "Asia/Taipei");
  const secret = await makeToken(page, testInfo, words, name, [words.readDeals, words.readProgress]);
  const { table, row } = tokenRow(page, words, name);
  await expect((await cellUnder(table, row, "權限範圍")).getByRole("listitem")).toHaveText(["deals:read", "progress:read"]);
  await expect(await cellUnder(table, row, "建立者")).toContainText("林怡君");
  await expect(await cellUnder(table, row, "上次使用")).toHaveText("從未使用");
  await expect(await cellUnder(table, row, "到期")).toHaveText(expiryIn(90, "Asia/Taipei", before));

  const { deals } = await expectDeals(request, partner, secret);
  // start-server.sh imports 2025's deals for Formosa.
  expect(deals.length).toBeGreaterThan(0);

  await page.reload();
  await expect(page.getByRole("heading", { name: words.heading, level: 1 })).toBeVisible();
  await expect(page.getByRole("textbox", { name: words.secret })).toHaveCount(0);
  await expect(await cellUnder(table, row, "上次使用")).not.toHaveText("從未使用");
  await ready(page, testInfo);

  await revoke(page, testInfo, words, name);
  await expectRefused(request, partner, secret, "zh-TW");
});

test("a Traditional Chinese member is told what the token form needs and corrects it", async ({ page }, testInfo) => {
  const words = WORDS.zh;
  const name = uniqueName("儀表板", testInfo);
  await openPartnerTokens(page, testInfo, "member@formosa.test", "福爾摩沙雲端 Formosa", words);
  const form = page.getByRole("region", { name: words.newToken });
  const nameField = form.getByLabel(words.name, { exact: true });
  const group = form.getByRole("group", { name: words.scopes });

  // Nothing filled in: each field says what it needs; what was chosen stays chosen, and nothing else.
  await form.getByRole("combobox", { name: words.lifetime }).selectOption({ label: "365 天" });
  await form.getByRole("button", { name: words.create }).click();
  await expect(page.getByRole("alert")).toHaveText("部分欄位需要修正，請查看下方說明。");
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await expect(nameField).toHaveAccessibleDescription(new RegExp(escaped(words.nameRequired)));
  await expect(page.getByText(words.nameRequired)).toBeVisible();
  await expect(group).toHaveAccessibleDescription(words.scopesRequired);
  await expect(page.getByText(words.scopesRequired)).toBeVisible();
  await expect(form.getByRole("combobox", { name: words.lifetime })).toHaveValue("365");
  await expect(page.getByRole("textbox", { name: words.secret })).toHaveCount(0);
  for (const checkbox of await group.getByRole("checkbox").all()) {
    await expect(checkbox, "no scope was ticked, so none comes back ticked").not.toBeChecked();
  }
  await ready(page, testInfo);

  // A scope but no name: only the name is asked for, and the scope stays ticked.
  await group.getByRole("checkbox", { name: words.readDeals, exact: true }).check();
  await form.getByRole("button", { name: words.create }).click();
  await expect(page.getByText(words.nameRequired)).toBeVisible();
  await expect(page.getByText(words.scopesRequired)).toHaveCount(0);
  await expect(group.getByRole("checkbox", { name: words.readDeals, exact: true })).toBeChecked();
  await expect(group.getByRole("checkbox", { name: words.readProgress, exact: true })).not.toBeChecked();
  await expect(form.getByRole("combobox", { name: words.lifetime })).toHaveValue("365");
  await ready(page, testInfo);

  // Named, it is made with exactly what was chosen.
  const before = dayIn(365, "Asia/Taipei");
  await makeToken(page, testInfo, words, name, [words.readProgress]);
  const { table, row } = tokenRow(page, words, name);
  await expect((await cellUnder(table, row, "權限範圍")).getByRole("listitem")).toHaveText(["deals:read", "progress:read"]);
  await expect(await cellUnder(table, row, "到期")).toHaveText(expiryIn(365, "Asia/Taipei", before));
  await revoke(page, testInfo, words, name);
});

test("the admin sees every partner's tokens and may make one that never expires; a PDM may not", async ({ page, request }, testInfo) => {
  // Two people, several pages, each checked by axe.
  test.slow();
  const words = WORDS.en;
  const pdmToken = uniqueName("Acme dashboard", testInfo);
  const adminToken = uniqueName("Vendor warehouse", testInfo);

  // The PDM of Acme makes a token for it, with no "Never expires" on offer.
  const acme = await openPartnerTokens(page, testInfo, "pdm@vendor.test", "Acme Cloud", words);
  const pdmForm = page.getByRole("region", { name: words.newToken });
  await expect(pdmForm.getByRole("combobox", { name: words.lifetime }).getByRole("option")).toHaveText(words.lifetimes);
  const pdmSecret = await makeToken(page, testInfo, words, pdmToken, [words.readDeals]);
  const mine = tokenRow(page, words, pdmToken);
  await expect(await cellUnder(mine.table, mine.row, "Made by")).toContainText("Pat Chen");
  await logOut(page, "Pat Chen");
  await expect(page.getByRole("heading", { name: "Log in to partner-map" })).toBeVisible();

  // The admin finds the tokens page in the admin area's navigation.
  await logIn(page, testInfo, "admin@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
  await page.locator("summary", { hasText: "Alex Admin" }).click();
  await page.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { name: "Administration", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const sections = page.getByRole("navigation", { name: "Administration sections" });
  await sections.getByRole("link", { name: words.heading }).click();
  await expect(page.getByRole("heading", { name: words.heading, level: 1 })).toBeVisible();
  await expect(sections.getByRole("link", { name: words.heading })).toHaveAttribute("aria-current", "page");
  await ready(page, testInfo);

  // Every partner's tokens, each with its partner.
  const { table, row: pdmRow } = tokenRow(page, words, pdmToken);
  await expect(table.getByRole("columnheader", { name: "Partner" })).toBeVisible();
  await expect(await cellUnder(table, pdmRow, "Partner")).toHaveText("Acme Cloud");
  await expect(await cellUnder(table, pdmRow, "Made by")).toContainText("Pat Chen");

  // An admin's token here is for every partner, and may never expire.
  const lifetime = page.getByRole("region", { name: words.newToken }).getByRole("combobox", { name: words.lifetime });
  await expect(lifetime.getByRole("option")).toHaveText([...words.lifetimes, words.never]);
  const adminSecret = await makeToken(page, testInfo, words, adminToken, [words.readDeals], words.never);
  const adminRow = tokenRow(page, words, adminToken).row;
  await expect(await cellUnder(table, adminRow, "Partner")).toHaveText("Every partner");
  await expect(await cellUnder(table, adminRow, "Expires")).toHaveText(words.never);
  await expect(await cellUnder(table, adminRow, "Made by")).toContainText("Alex Admin");
  await expectDeals(request, acme, adminSecret);

  // The admin area in Traditional Chinese names the page the same way.
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { name: WORDS.zh.heading, level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "系統管理區段" }).getByRole("link", { name: WORDS.zh.heading })).toHaveAttribute("aria-current", "page");
  const zhTable = page.getByRole("table", { name: WORDS.zh.active });
  await expect(await cellUnder(zhTable, zhTable.getByRole("row", { name: new RegExp(escaped(adminToken)) }), "合作夥伴")).toHaveText("所有合作夥伴");
  await expect(page.getByRole("combobox", { name: WORDS.zh.lifetime }).getByRole("option")).toHaveText([...WORDS.zh.lifetimes, WORDS.zh.never]);
  await ready(page, testInfo);
  // Back to English: the other tests expect it of this admin.
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: words.heading, level: 1 })).toBeVisible();

  // The admin revokes both; the PDM's token stops working at once.
  await revoke(page, testInfo, words, pdmToken);
  await revoke(page, testInfo, words, adminToken);
  await expectRefused(request, acme, pdmSecret);
  await expectRefused(request, acme, adminSecret);
});

test("a partner without tokens says so", async ({ page }, testInfo) => {
  // Orphan Systems has no members and no PDM: only the admin opens its pages, and no test makes it a token.
  await logIn(page, testInfo, "admin@vendor.test");
  await expect(page.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
  await page.goto("/admin/partners");
  await expect(page.getByRole("heading", { name: "Partners", level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const href = (await page.getByRole("link", { name: "Orphan Systems" }).getAttribute("href")) ?? "";
  const orphan = /^\/admin\/partners\/(\d+)$/.exec(href)?.[1];
  expect(orphan, `the link to Orphan Systems names its id: ${href}`).toBeTruthy();
  await page.goto(`/p/${orphan}/api-tokens`);
  await expect(page.getByRole("heading", { name: WORDS.en.heading, level: 1 })).toBeVisible();
  const list = page.getByRole("region", { name: WORDS.en.active });
  await expect(list.getByText(WORDS.en.none)).toBeVisible();
  await expect(list.getByRole("table")).toHaveCount(0);
  // Whether a token may never expire goes with who makes it: here, an admin.
  await expect(page.getByRole("combobox", { name: WORDS.en.lifetime }).getByRole("option")).toHaveText([...WORDS.en.lifetimes, WORDS.en.never]);
  await ready(page, testInfo);
});

test("the API reference lists the operations, and with JavaScript shows Swagger UI", async ({ page }, testInfo) => {
  await openPartnerTokens(page, testInfo, "member@acme.test", "Acme Cloud", WORDS.en);
  // Swagger UI (swagger-ui-dist) is checked by axe like the rest of the page:
  // public/api-docs/overrides.css gives its badges, stamp, links and Authorize
  // button readable colours, and public/api-docs/init.js fits its headings under
  // ours and keeps its <main> from being a second main landmark.
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(/^API reference/);
  const operations = page.getByRole("table", { name: "Operations" });
  await expect(operations.getByRole("row", { name: /^GET \/api\/v1\/partners\/\{partner\}\/deals .* deals:read$/ })).toBeVisible();
  await expect(operations.getByRole("row", { name: /^POST \/api\/v1\/partners\/\{partner\}\/deals\/bulk .* deals:write$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "The OpenAPI 3.1 document (JSON)" })).toHaveAttribute("href", "/api/v1/openapi.json");
  const viewer = page.locator("#swagger-ui");
  if (hydrated(testInfo)) {
    // Swagger UI has read the API's own document and lists its operations.
    await expect(viewer).toBeVisible();
    await expect(viewer.getByText("/api/v1/partners/{partner}/deals", { exact: true }).first()).toBeVisible();
  } else {
    await expect(viewer).toBeHidden();
  }
  await ready(page, testInfo);
});
