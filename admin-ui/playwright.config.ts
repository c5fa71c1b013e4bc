import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the real server jar and PostgreSQL (e2e/global-setup.ts starts both), driving the
 * machine's Chromium: nothing is downloaded (`npx playwright install` is never needed). CHROMIUM overrides the path.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.ADMIN_BASE_URL,
    timezoneId: 'UTC', // "today" in the browser is the server's UTC day that the tests' SQL computes
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
