import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";

/**
 * Every test starts signed out and must leave the browser console clean:
 * hydration errors, CSP violations and panics show up there. Every page a test
 * reaches through `ready` is checked by axe-core, and so is the last one.
 */
export const test = base.extend<{ cleanConsole: void }>({
  cleanConsole: [
    async ({ context, page }, use, testInfo) => {
      await context.clearCookies();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        const text = message.text();
        // The browser logs every 4xx answer; a refused login is one, and expected.
        // Without JavaScript, a page with islands still preloads their WASM
        // (the hint is for browsers that run it), and Chromium says it went unused.
        const expected =
          /^Failed to load resource: the server responded with a status of 4\d\d/.test(text) ||
          (!hydrated(testInfo) && /\.wasm was preloaded using link preload but not used/.test(text));
        if ((message.type() === "error" || message.type() === "warning") && !expected) {
          problems.push(`${message.type()}: ${text}`);
        }
      });
      await use();
      if (page.url().startsWith("http")) {
        await expectAccessible(page, testInfo);
      }
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const PASSWORD = "e2e passphrase 1";

/** The page states each test's page has been checked in, so each is checked once. */
const checked = new WeakMap<Page, Set<string>>();

/**
 * A page state: its address and what it shows. The per-response script nonce
 * is left out, so the same page loaded again is the same state.
 */
function pageState(url: string, html: string): string {
  const shown = html.replace(/ nonce="[^"]*"/g, "");
  let hash = 0;
  for (let i = 0; i < shown.length; i++) {
    hash = (Math.imul(hash, 31) + shown.charCodeAt(i)) | 0;
  }
  return `${url} ${shown.length} ${hash}`;
}

/**
 * No axe-core violations on the page as it is now. axe-core is a script: with
 * JavaScript off it checks a copy of the page as shown (its own scripts taken
 * out, its styles loaded from the server) in a scratch page that runs scripts.
 * A state this test has checked already (the same address showing the same
 * thing, as after going back to a list) is not checked again: axe is the
 * slowest step of a test, and the answer would be the same.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo) {
  const content = await page.content();
  const state = pageState(page.url(), content);
  const seen = checked.get(page) ?? new Set<string>();
  checked.set(page, seen);
  if (seen.has(state)) {
    return;
  }
  let target = page;
  let scratch: BrowserContext | undefined;
  if (!hydrated(testInfo)) {
    const html = content.replace(/<script\b[\s\S]*?<\/script>/g, "");
    scratch = await page.context().browser()!.newContext({ javaScriptEnabled: true });
    target = await scratch.newPage();
    const url = page.url();
    await target.route(url, (route) => route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }));
    await target.goto(url);
  }
  try {
    const results = await new AxeBuilder({ page: target }).analyze();
    const found = results.violations.map(
      (v) => `${v.id} (${v.impact}) on ${page.url()}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(found).toEqual([]);
    seen.add(state);
  } finally {
    await scratch?.close();
  }
}

/**
 * Waits until the page can be used (its islands live when JavaScript runs, at
 * once otherwise), then checks it with axe-core.
 */
export async function ready(page: Page, testInfo: TestInfo) {
  // Pages without islands load no WASM: they are ready as they arrive.
  const islands = await page.locator("leptos-island").count();
  if (testInfo.project.use.javaScriptEnabled !== false && islands > 0) {
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
  }
  await expectAccessible(page, testInfo);
}

export function hydrated(testInfo: TestInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

export async function logIn(page: Page, testInfo: TestInfo, email: string, password = PASSWORD) {
  await page.goto("/login");
  await ready(page, testInfo);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

export async function logOut(page: Page, accountName: string) {
  await page.locator("summary", { hasText: accountName }).click();
  await page.getByRole("button", { name: /Log out|登出/ }).click();
}
