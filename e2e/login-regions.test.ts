import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminPassword, demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { screenshot, signIn } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN', timezoneId: 'America/New_York' });

const tableRows = (p: Page) => p.getByTestId('region-table').locator('tbody tr.ant-table-row');

describe('sign-in and the region tree', () => {
  it('refuses a wrong password with a Chinese message, then signs the admin in', async () => {
    const { page, server } = h;
    await page.goto(server.url);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('用户名或密码错误');

    await page.getByTestId('login-password').fill(adminPassword);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('系统管理员');
  });

  it('browses 随县 → a township → a village with the breadcrumb following', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await expect.poll(() => tableRows(page).count()).toBe(19);
    expect(await page.getByTestId('region-breadcrumb').textContent()).toBe('随县');
    expect(await page.getByTestId('region-village-count').textContent()).toBe('394');
    // Future modules are in the menu, marked as coming.
    expect(await page.locator('.ant-menu').textContent()).toContain('值班值守即将上线');
    expect(await page.locator('.ant-menu').textContent()).not.toContain('预警叫应即将上线');

    const firstTownship = tableRows(page).first();
    const townshipName = (await firstTownship.locator('td').nth(0).textContent())!;
    const villages = Number(await firstTownship.locator('td').nth(3).textContent());
    expect(townshipName).toBe('厉山镇');
    await firstTownship.getByRole('link').click();
    await expect.poll(() => page.getByTestId('region-breadcrumb').textContent()).toBe(`随县/${townshipName}`);
    await expect.poll(() => tableRows(page).count()).toBe(villages);
    expect(page.url()).toBe(`${server.url}/regions/421321101000`);

    const village = tableRows(page).first();
    const villageName = (await village.locator('td').nth(0).textContent())!;
    await village.getByRole('link').click();
    await expect.poll(() => page.getByTestId('region-breadcrumb').textContent()).toBe(`随县/${townshipName}/${villageName}`);
    expect(await page.getByTestId('region-card').textContent()).toContain('村(社区)');
    expect(await page.getByTestId('region-table').count()).toBe(0);
    await screenshot(page, 'village');

    // Back up through the breadcrumb.
    await page.getByTestId('region-breadcrumb').getByRole('link', { name: '随县' }).click();
    await expect.poll(() => tableRows(page).count()).toBe(19);
  });

  it('switches to English and keeps it after a reload', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.ant-menu').textContent()).toContain('Regions');
    expect(await page.getByTestId('region-table').locator('thead').textContent()).toContain('Region code');
    await page.reload();
    await expect.poll(() => page.getByTestId('region-table').locator('thead').textContent()).toContain('Region code');
    // Server messages follow the language too.
    await page.goto(`${server.url}/regions/421321999000`);
    await expect.poll(() => page.getByTestId('query-error').textContent()).toContain('No such region');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('.ant-menu').textContent()).toContain('行政区划');
  });

  it('signs out', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await page.reload();
    await page.getByTestId('login-submit').waitFor();
  });

  it('shows a township administrator only their township', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await expect.poll(() => page.getByTestId('region-breadcrumb').textContent()).toBe('厉山镇');
    // The breadcrumb can render before the children arrive: wait for the rows.
    await expect.poll(() => tableRows(page).count()).toBeGreaterThan(0);
    const codes = await page.getByTestId('region-table').locator('tbody td:nth-child(2)').allTextContents();
    expect(codes.every((code) => code.startsWith('421321101'))).toBe(true);

    // Another township's address, typed in by hand, is refused by the server.
    await page.goto(`${server.url}/regions/421321102000`);
    await expect.poll(() => page.getByTestId('query-error').textContent()).toContain('超出您的管辖范围');
    await page.goto(`${server.url}/regions/421321000000`);
    await expect.poll(() => page.getByTestId('query-error').textContent()).toContain('OUT_OF_SCOPE');
  });
});
