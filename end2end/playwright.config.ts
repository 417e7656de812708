import { defineConfig } from "@playwright/test";

// E2E_PORT lets two checkouts run their suites side by side.
const port = process.env.E2E_PORT ?? "3100";

// Every test runs twice: hydrated, and with JavaScript disabled (the pages and
// their forms must work before, or without, the WASM).
// Timeouts fit a busy two-core machine (a build beside the suite): a test's
// own steps rarely take more than a few seconds there, but axe-core on a
// large page can take ten. Longer journeys say so themselves (test.slow(), or
// a timeout of their own).
export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    locale: "en-US",
    // The desktop every page is checked at (phones are set by the tests).
    viewport: { width: 1280, height: 800 },
    trace: "off",
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `PORT=${port} bash start-server.sh`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
