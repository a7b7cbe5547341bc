import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { adminPassword, demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { openDropdown, openDropdownOf, pickOption, screenshot, signIn, walkCascader } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

/** Registers a person through the API, as the signed-in user (writes carry the CSRF token). */
async function createPerson(page: Page, body: { name: string; mobile: string; regionCode: string }): Promise<number> {
  return page.evaluate(async (person) => {
    const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
    const response = await fetch('/api/v1/org/people', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify(person),
    });
    return response.status;
  }, body);
}

async function searchGrids(page: Page, name: string): Promise<void> {
  await page.getByTestId('grid-search').locator('input').fill(name);
  await page.getByTestId('grid-search').locator('input').press('Enter');
}

/** Submits a form in a modal and waits until the modal has gone (its closing animation too). */
async function submitModal(page: Page, testId: string, saved: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByText(saved).first().waitFor();
  await expect.poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count()).toBe(0);
}

async function openTab(page: Page, key: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count()).toBe(0);
  await page.getByTestId(`org-tab-${key}`).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe(key);
}

/** Walks a RegionCascader from town.admin's township, 厉山镇, to its first village. */
async function pickFirstVillage(page: Page, testId: string): Promise<string> {
  return (await walkCascader(page, testId, ['厉山镇', 'first'])).at(-1)!;
}

/**
 * Picks a region that has children (a township, say) in a RegionCascader: clicks each step until
 * the field shows the path, then closes the menu, which stays open on an item with children
 * (walkCascader ends on a leaf, which closes it).
 */
async function pickRegion(page: Page, testId: string, steps: string[]): Promise<void> {
  const menus = (await openDropdownOf(page, testId, 'cascader')).locator('.ant-cascader-menu');
  for (const [column, step] of steps.entries()) {
    const item = menus.nth(column).locator('.ant-cascader-menu-item').filter({ hasText: step }).first();
    await expect
      .poll(async () => {
        await item.click({ timeout: 2000 }).catch(() => undefined);
        return page.getByTestId(testId).textContent();
      })
      .toContain(steps.slice(0, column + 1).join(' / '));
  }
  await page.keyboard.press('Escape');
  await expect.poll(() => openDropdown(page, 'cascader').count()).toBe(0);
}

/** Saves the open staffing rules drawer; returns the override the page sent. */
async function saveRules(page: Page): Promise<unknown> {
  const [request] = await Promise.all([
    page.waitForRequest((sent) => sent.method() === 'PUT' && sent.url().endsWith('/api/v1/org/staffing-rules')),
    page.getByTestId('staffing-rules-save').click(),
  ]);
  return (request.postDataJSON() as { override: unknown }).override;
}

describe('organisation: grids, people, staffing and duty cards', () => {
  it('creates a grid, sees it short of staff, assigns a grid worker, and prints the card', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.locator('.ant-menu').getByText('组织与网格').click();
    await page.getByTestId('grid-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/org');

    // A grid in the first village of 厉山镇, and a person (a compound surname the demo data lacks).
    const gridName = 'E2E三组';
    const personName = '欧阳晓燕';
    await page.getByTestId('grid-create').click();
    const villageName = await pickFirstVillage(page, 'grid-form-village');
    await page.getByTestId('grid-form-name').fill(gridName);
    await page.getByTestId('grid-form-households').fill('120');
    await page.getByTestId('grid-form-residents').fill('410');
    await submitModal(page, 'grid-form-submit', '网格已保存');
    // The demo county has grids everywhere; find ours by name.
    await searchGrids(page, gridName);
    const gridRow = page.getByTestId('grid-table').locator('tbody tr.ant-table-row').filter({ hasText: gridName });
    await expect.poll(() => gridRow.count()).toBe(1);
    const cells = await gridRow.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([`${villageName}厉山镇`, gridName, '村民小组', '120', '410']);
    expect(await page.getByTestId('grid-export').getAttribute('href')).toBe('/api/v1/org/grid-table.xlsx');

    // Nobody looks after it yet: the staffing report says so in words.
    const shortfall = `网格「${gridName}」无网格员`;
    await openTab(page, 'staffing');
    expect(await page.getByTestId('staffing-only-short').getAttribute('aria-checked')).toBe('true');
    await pickFirstVillage(page, 'staffing-region');
    await expect.poll(() => page.getByTestId('staffing-table').textContent()).toContain(shortfall);
    expect(await page.getByTestId('staffing-table').textContent()).toContain(villageName);
    await screenshot(page, 'org-staffing');

    // A person kept under that village, made the grid's worker.
    await openTab(page, 'people');
    await page.getByTestId('person-create').click();
    await page.getByTestId('person-form-name').fill(personName);
    await page.getByTestId('person-form-mobile').fill('136 1234 5678');
    await pickFirstVillage(page, 'person-form-region');
    await submitModal(page, 'person-form-submit', '人员已保存');
    await page.getByTestId('person-search').locator('input').fill(personName);
    await page.getByTestId('person-search').locator('input').press('Enter');
    const personRow = page.getByTestId('person-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => personRow.count()).toBe(1);
    expect((await personRow.locator('td').allTextContents()).slice(0, 3)).toEqual([personName, '13612345678', villageName]);

    await personRow.getByTestId('post-assign').click();
    await pickOption(page, 'post-form-kind', '网格员');
    // The village is preset to the person's own; its grids are offered.
    await pickOption(page, 'post-form-grid', gridName);
    await submitModal(page, 'post-form-submit', '岗位已分配');
    await expect.poll(() => personRow.getByTestId('person-posts').textContent()).toBe(`网格员（${gridName}）`);

    // The grid is covered now; the report follows at once. All places are shown, as the village
    // may have nothing else missing.
    await openTab(page, 'staffing');
    await pickFirstVillage(page, 'staffing-region');
    await page.getByTestId('staffing-only-short').click();
    await expect
      .poll(async () => {
        const text = (await page.getByTestId('staffing-table').textContent()) ?? '';
        return text.includes(villageName) && !text.includes(shortfall);
      })
      .toBe(true);
    await openTab(page, 'grids');
    await searchGrids(page, gridName);
    await expect.poll(() => gridRow.locator('td').nth(6).textContent()).toBe(`${personName} 13612345678`);
    await screenshot(page, 'org-grids');

    // The village's cards, then the print page on its own.
    await openTab(page, 'cards');
    await pickFirstVillage(page, 'card-village');
    const card = page.getByTestId('duty-card').filter({ hasText: personName });
    await expect.poll(() => card.count()).toBe(1);
    const cards = await page.getByTestId('duty-card').count();
    const cardText = (await card.textContent())!;
    for (const expected of ['网格员责任卡', personName, '13612345678', gridName, villageName, '厉山镇', '主要职责']) {
      expect(cardText).toContain(expected);
    }
    await screenshot(page, 'org-cards');
    expect(await page.getByTestId('card-pdf').getAttribute('href')).toMatch(/^\/api\/v1\/org\/duty-cards\.pdf\?regionCode=\d{12}$/);

    const [print] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('card-print').click()]);
    await print.getByTestId('duty-card').first().waitFor();
    expect(new URL(print.url()).pathname).toBe('/org/cards/print');
    // Only the cards: no menu, no header.
    expect(await print.locator('.ant-layout, .ant-menu').count()).toBe(0);
    // Every card of the village, four to an A4 sheet (210 mm at 96 dpi).
    expect(await print.getByTestId('duty-card').count()).toBe(cards);
    expect(await print.getByTestId('duty-card').filter({ hasText: personName }).count()).toBe(1);
    expect(await print.locator('.duty-sheet').count()).toBe(Math.ceil(cards / 4));
    const sheetWidth = await print.locator('.duty-sheet').first().evaluate((sheet) => sheet.getBoundingClientRect().width);
    expect(Math.round(sheetWidth)).toBe(794);
    // Printed, each sheet is one A4 page (the page breaks and @page size hold).
    const pdf = (await print.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)?.length).toBe(Math.ceil(cards / 4));
    expect(pdf).toMatch(/\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    await screenshot(print, 'org-duty-cards-print');
  });

  it('lists every bad row of an import file as a table, and imports nothing', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/org?tab=import`);
    const templateHref = (await page.getByTestId('import-template').getAttribute('href'))!;
    const template = await page.request.get(`${server.url}${templateHref}`);
    expect(template.status()).toBe(200);

    const workbook = new ExcelJS.Workbook();
    const bytes = await template.body();
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    // Row 2, the first under the header (the template's drop-downs reach further down).
    workbook.getWorksheet('网格')!.getRow(2).values = ['厉山镇', '没有这个村', 'E2E导入组', '村民小组', '很多', ''];
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.locator('input[type=file]').setInputFiles({
      name: '网格导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    const errorRows = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    for (const button of ['import-check', 'import-submit']) {
      await page.getByTestId(button).click();
      await expect.poll(() => errorRows.count()).toBeGreaterThanOrEqual(2);
      expect(await page.getByTestId('import-errors').locator('thead').textContent()).toBe('表行列原因');
      expect((await errorRows.first().locator('td').allTextContents()).slice(0, 2)).toEqual(['网格', '2']);
      expect(await page.getByTestId('import-error').textContent()).toContain('未导入任何数据');
    }
    await screenshot(page, 'org-import-errors');

    await page.goto(`${server.url}/org?tab=grids`);
    await searchGrids(page, 'E2E导入组');
    await expect.poll(() => page.getByTestId('grid-table').locator('tbody tr.ant-table-row').count()).toBe(0);
  });

  it('keeps the roster of the township: a week, a day set, the duty phone', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    expect(await createPerson(page, { name: '司马周强', mobile: '13600001111', regionCode: '421321101' })).toBe(201);
    await page.goto(`${server.url}/org?tab=duty`);
    const week = page.getByTestId('duty-week').locator('tbody tr.ant-table-row');
    await expect.poll(() => week.count()).toBe(7);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    await page.getByTestId(`duty-edit-${today}`).click();
    await pickOption(page, 'duty-form-leader', '司马周强 13600001111');
    await submitModal(page, 'duty-form-submit', '值班已保存');
    const todayRow = week.filter({ hasText: '今天' });
    await expect.poll(() => todayRow.locator('td').nth(1).textContent()).toBe('司马周强 13600001111');

    await page.getByTestId('duty-phone').getByRole('button').click();
    const phoneInput = page.locator('.ant-typography-edit-content textarea');
    await phoneInput.fill('0722-4567890');
    await phoneInput.press('Enter');
    await page.getByText('值班电话已保存').waitFor();
    await expect.poll(() => page.getByTestId('on-duty').textContent()).toContain('0722-4567890');
    await screenshot(page, 'org-duty');
  });

  it('lets the county bureau keep the expert pool, and only the county', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/org?tab=experts`);
    await page.getByTestId('expert-table').waitFor();
    expect(await page.getByTestId('expert-create').count()).toBe(0);

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await signIn(page, server.url, 'county.staff', demoPassword);
    await page.goto(`${server.url}/org?tab=experts`);
    await page.getByTestId('expert-create').click();
    await page.getByTestId('expert-form-name').fill('刘建国');
    await page.getByTestId('expert-form-specialty').fill('地质灾害');
    await page.getByTestId('expert-form-sector').fill('自然资源');
    await page.getByTestId('expert-form-mobile').fill('13700001234');
    await submitModal(page, 'expert-form-submit', '专家已保存');
    const row = page.getByTestId('expert-table').locator('tbody tr.ant-table-row').filter({ hasText: '刘建国' });
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(0, 6)).toEqual([
      '刘建国',
      '地质灾害',
      '自然资源',
      '—',
      '13700001234',
      '可调用',
    ]);
  });

  it('lets the county administrator set the staffing rules the report checks, and others read them', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'admin', adminPassword);
    await page.goto(`${server.url}/org?tab=staffing`);
    await pickRegion(page, 'staffing-region', ['随县', '厉山镇']);
    // Every place of 厉山镇, so the township's own row is there whatever it lacks.
    await page.getByTestId('staffing-only-short').click();
    const township = page.getByTestId('staffing-table').locator('tbody tr.ant-table-row').filter({ hasText: '乡镇(街道)' });
    await expect.poll(() => township.count()).toBe(1);
    expect(await township.locator('td').first().textContent()).toContain('厉山镇');
    // Without the 句容 layout nobody asks for a 常务副主任 (the demo county has none).
    const shortfall = '未明确常务副主任';
    expect(await township.textContent()).not.toContain(shortfall);

    await page.getByTestId('staffing-rules-open').click();
    const drawer = page.getByTestId('staffing-rules');
    const jurong = drawer.getByTestId('staffing-rules-jurong');
    const standingDeputy = drawer.getByTestId('staffing-rule-jurongStandingDeputy-enabled');
    await expect.poll(() => jurong.getAttribute('aria-checked')).toBe('false');
    expect(await drawer.getByTestId('staffing-rules-table').locator('tbody tr.ant-table-row').count()).toBe(17);
    expect(await drawer.getByTestId('staffing-rules-source').textContent()).toBe('默认标准');
    expect(await drawer.getByTestId('staffing-rules-save').isDisabled()).toBe(true);

    // The 句容 switch turns on the five "五专" rules; only those differ from the defaults.
    await jurong.click();
    expect(await standingDeputy.getAttribute('aria-checked')).toBe('true');
    expect(await saveRules(page)).toEqual({
      jurongOfficeDirector: { enabled: true, min: 1, max: 1 },
      jurongStandingDeputy: { enabled: true, min: 1, max: 1 },
      jurongFullTimeDeputy: { enabled: true, min: 1, max: 1 },
      jurongSafetySupervisor: { enabled: true, min: 3, max: 5 },
      jurongFireSupervisor: { enabled: true, min: 1, max: 2 },
    });
    await page.getByText('配备标准已保存').first().waitFor();
    await expect.poll(() => drawer.getByTestId('staffing-rules-source').textContent()).toBe('与默认标准不同 5 项');
    expect(await drawer.getByTestId('staffing-rules-save').isDisabled()).toBe(true);
    await screenshot(page, 'org-staffing-rules');
    await drawer.locator('.ant-drawer-close').click();
    await expect.poll(() => drawer.isVisible()).toBe(false);
    // The report checks the new rules at once.
    await expect.poll(() => township.textContent()).toContain(shortfall);

    // Back to the defaults: the override is cleared, and so is the shortfall.
    await page.getByTestId('staffing-rules-open').click();
    await expect.poll(() => jurong.getAttribute('aria-checked')).toBe('true');
    await drawer.getByTestId('staffing-rules-reset').click();
    expect(await jurong.getAttribute('aria-checked')).toBe('false');
    expect(await saveRules(page)).toEqual({});
    await expect.poll(() => drawer.getByTestId('staffing-rules-source').textContent()).toBe('默认标准');
    await drawer.locator('.ant-drawer-close').click();
    await expect.poll(() => township.textContent()).not.toContain(shortfall);

    // A township administrator reads the same rules and changes nothing.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/org?tab=staffing`);
    await page.getByTestId('staffing-rules-open').click();
    const rows = drawer.getByTestId('staffing-rules-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(17);
    expect(await rows.filter({ hasText: '常务副主任' }).textContent()).toContain('不执行');
    expect(await rows.filter({ hasText: '应急办工作人员' }).textContent()).toContain('3 人');
    for (const editor of ['staffing-rules-save', 'staffing-rules-reset', 'staffing-rules-jurong']) {
      expect(await drawer.getByTestId(editor).count()).toBe(0);
    }
    expect(await drawer.locator('input, button[role=switch]').count()).toBe(0);
  });
});
