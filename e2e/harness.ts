import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './browser';
import { startServer, type RunningServer } from './server';

/**
 * One server and one browser per test file, a fresh browser context (cookies, storage) per
 * test, and a screenshot in test-results/screenshots when a test fails. Anything the page's
 * Content-Security-Policy refused (Chromium says so on the console) fails the test.
 */
export function useBrowserHarness(contextOptions: { locale?: string; timezoneId?: string } = { locale: 'zh-CN' }) {
  const harness = {} as { server: RunningServer; browser: Browser; context: BrowserContext; page: Page };
  let refused: string[] = [];
  beforeAll(async () => {
    harness.server = await startServer();
    harness.browser = await launchBrowser();
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.server?.stop();
  });
  beforeEach(async () => {
    harness.context = await harness.browser.newContext(contextOptions);
    refused = [];
    harness.context.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) {
        refused.push(message.text());
      }
    });
    harness.page = await harness.context.newPage();
  });
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      await screenshot(harness.page, `failed-${test.task.name.replace(/\W+/g, '-')}`);
    }
    await harness.context.close();
    if (refused.length > 0) {
      throw new Error(`The Content-Security-Policy refused:\n${refused.join('\n')}`);
    }
  });
  return harness;
}
