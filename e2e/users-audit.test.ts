import { describe, expect, it } from 'vitest';
import { adminPassword, demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { screenshot, signIn, walkCascader } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

describe('user management and audit', () => {
  it('creates a grid worker scoped to a village picked from the tree, who can then sign in', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await page.locator('.ant-menu').getByText('用户管理').click();
    await page.getByTestId('user-table').waitFor();
    await page.getByTestId('user-create').click();

    await page.getByTestId('user-form-username').fill('grid.e2e');
    await page.getByTestId('user-form-display-name').fill('网格员 孙丽');
    await page.getByTestId('user-form-password').fill('e2e-password-123');
    await page.getByTestId('user-form-role').click();
    await page.locator('.ant-select-item-option').getByText('网格员', { exact: true }).click();

    // The jurisdiction is walked down the tree: 随县 → 厉山镇 → its first village.
    const villageName = (await walkCascader(page, 'user-form-scope', ['随县', '厉山镇', 'first'])).at(-1)!;
    await screenshot(page, 'create-user');
    await page.getByTestId('user-form-submit').click();
    await page.getByText('用户已创建').waitFor();

    // Searching again until the list shows the one account: on a loaded machine the list can
    // still be re-rendering after the creation when the first search is typed (CI, 2026-11-23).
    const search = page.getByTestId('user-search').locator('input');
    const row = page.getByTestId('user-table').locator('tbody tr.ant-table-row');
    await expect
      .poll(async () => {
        await search.fill('grid.e2e');
        await search.press('Enter');
        return row.count();
      })
      .toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['grid.e2e', '网格员 孙丽', '网格员', villageName]);

    const other = await h.browser.newContext({ locale: 'zh-CN' });
    const workerPage = await other.newPage();
    await signIn(workerPage, server.url, 'grid.e2e', 'e2e-password-123');
    await expect.poll(() => workerPage.getByTestId('region-breadcrumb').textContent()).toBe(villageName);
    // Grid workers do not manage accounts.
    expect(await workerPage.locator('.ant-menu').textContent()).not.toContain('用户管理');
    await workerPage.goto(`${server.url}/users`);
    await expect.poll(() => workerPage.locator('.ant-result-title').textContent()).toBe('403');
    await other.close();
  });

  it('shows a too-short password as the form error, and creates nothing', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await page.goto(`${server.url}/users`);
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-form-username').fill('short.pw');
    await page.getByTestId('user-form-display-name').fill('短密码');
    await page.getByTestId('user-form-password').fill('short');
    await page.getByTestId('user-form-submit').click();
    await expect.poll(() => page.getByTestId('user-form').textContent()).toContain('10');
  });

  it('verifies the audit chain and lists the entries with Beijing time', async () => {
    const { server } = h;
    // A browser in New York still sees China Standard Time.
    const newYork = await h.browser.newContext({ locale: 'zh-CN', timezoneId: 'America/New_York' });
    const page = await newYork.newPage();
    await signIn(page, server.url, 'admin', adminPassword);
    await page.locator('.ant-menu').getByText('审计日志').click();
    await expect.poll(() => page.getByTestId('audit-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('audit-table').textContent()).toContain('user.create');
    const newest = await page.evaluate(async () => {
      const response = await fetch('/api/v1/audit?limit=1');
      return ((await response.json()) as { items: { occurredAt: string }[] }).items[0]!.occurredAt;
    });
    const beijing = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
    }).format(new Date(newest));
    const firstCell = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().locator('td').first();
    expect(await firstCell.textContent()).toBe(beijing);
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-result').textContent()).toMatch(/^审计链完整：已校验 \d+ 条记录$/);
    await screenshot(page, 'audit');
    await newYork.close();
  });

  it('keeps a township clerk out of the administration pages', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.staff', demoPassword);
    expect(await page.locator('.ant-menu').textContent()).not.toContain('审计日志');
    await page.goto(`${server.url}/audit`);
    await expect.poll(() => page.locator('.ant-result-title').textContent()).toBe('403');
  });
});
