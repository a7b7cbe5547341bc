import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with its background network calls off (the network is closed). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  });
}

/** Saves a screenshot under test-results/ (kept by CI for failures and for looking). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve('test-results/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

// ---------------------------------------------------------------- antd controls

/** The dropdowns open right now (antd keeps closed ones in the page, hidden). */
export const openDropdown = (page: Page, kind: 'cascader' | 'select') =>
  page.locator(`.ant-${kind}-dropdown`).filter({ visible: true });

/**
 * Opens a field's dropdown and waits until it sits against the field: antd shows a dropdown
 * before it aligns it, and a click in between lands on the item but releases elsewhere.
 */
export async function openDropdownOf(page: Page, testId: string, kind: 'cascader' | 'select') {
  const field = page.getByTestId(testId);
  await field.click();
  const dropdown = openDropdown(page, kind);
  await expect
    .poll(async () => {
      const [at, box] = await Promise.all([field.boundingBox(), dropdown.boundingBox()]);
      return at !== null && box !== null && (Math.abs(box.y - (at.y + at.height)) < 12 || Math.abs(box.y + box.height - at.y) < 12);
    })
    .toBe(true);
  return dropdown;
}

/**
 * Walks a RegionCascader down the tree: each step names an item, or `first` for the first
 * item of that column, and the last step must be a leaf (a village), which closes the dropdown.
 * A click that lands while antd is still animating the menu is lost, so each step is repeated
 * until the menu answers it. Returns the labels chosen.
 */
export async function walkCascader(page: Page, testId: string, steps: string[]): Promise<string[]> {
  const menus = (await openDropdownOf(page, testId, 'cascader')).locator('.ant-cascader-menu');
  const itemOf = (column: number) => {
    const items = menus.nth(column).locator('.ant-cascader-menu-item');
    return steps[column] === 'first' ? items.first() : items.filter({ hasText: steps[column]! }).first();
  };
  const labels: string[] = [];
  for (let column = 0; column < steps.length - 1; column += 1) {
    labels.push((await itemOf(column).textContent())!);
    await expect
      .poll(async () => {
        if ((await menus.count()) < column + 2) {
          await itemOf(column).click({ timeout: 2000 }).catch(() => undefined);
        }
        return menus.nth(column + 1).locator('.ant-cascader-menu-item').count();
      })
      .toBeGreaterThan(0);
  }
  const leaf = itemOf(steps.length - 1);
  labels.push((await leaf.textContent())!);
  await expect
    .poll(async () => {
      if ((await openDropdown(page, 'cascader').count()) > 0) {
        await leaf.click({ timeout: 2000 }).catch(() => undefined);
      }
      return openDropdown(page, 'cascader').count();
    })
    .toBe(0);
  return labels;
}

/**
 * Picks an option of a searchable Select the way a keyboard user does: type, wait for the
 * (possibly still loading) list to offer it, press Enter. Clicking into a list that antd is
 * still re-rendering or moving sometimes selects nothing.
 */
export async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  const dropdown = await openDropdownOf(page, testId, 'select');
  await page.keyboard.type(label);
  await expect.poll(() => dropdown.locator('.ant-select-item-option').filter({ hasText: label }).count()).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect.poll(() => openDropdown(page, 'select').count()).toBe(0);
  await expect.poll(() => page.getByTestId(testId).textContent()).toContain(label);
}
