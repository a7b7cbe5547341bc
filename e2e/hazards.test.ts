import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoPassword } from './server';
import { useBrowserHarness } from './harness';
import ExcelJS from 'exceljs';
import { pickOption, screenshot, signIn, walkCascader } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

/** Contexts a test opens besides the harness's own (the phone, other users): closed after it. */
const extraPages: { name: string; page: Page }[] = [];

async function openContext(
  name: string,
  options: Parameters<typeof h.browser.newContext>[0] = {},
): Promise<Page> {
  const context = await h.browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  extraPages.push({ name, page });
  return page;
}

afterEach(async (test) => {
  const failed = test.task.result?.state === 'fail';
  for (const { name, page } of extraPages.splice(0)) {
    if (failed && !page.isClosed()) {
      await screenshot(page, `failed-${name}`).catch(() => undefined);
    }
    await page.context().close();
  }
});

const docsScreenshots = path.resolve('docs/screenshots');

/**
 * A real JPEG drawn by the browser: a coloured canvas with a word on it, encoded by Chromium.
 * Photos go through the server's image re-encoding, so they must be images, not just bytes.
 */
async function drawJpeg(page: Page, colour: string, label: string): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ([colour, label]) => {
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 360;
      const g = canvas.getContext('2d')!;
      g.fillStyle = colour;
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = '#ffffff';
      g.font = 'bold 64px sans-serif';
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText(label, canvas.width / 2, canvas.height / 2);
      const blob = await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob(
          (made) => (made ? resolve(made) : reject(new Error('no blob'))),
          'image/jpeg',
          0.9,
        ),
      );
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) {
        binary += String.fromCharCode(byte);
      }
      return btoa(binary);
    },
    [colour, label] as const,
  );
  const jpeg = Buffer.from(base64, 'base64');
  // SOI marker: a JPEG, not a PNG or an empty blob.
  expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  return jpeg;
}

/** The state of the hazard open in the drawer, from the tag in its title. */
const drawerState = (page: Page) =>
  page
    .locator('.ant-drawer-title [data-state]')
    .first()
    .getAttribute('data-state', { timeout: 2000 })
    .catch(() => null);

/** Waits until the hazard drawer shows this hazard loaded, with its action buttons settled. */
async function waitForDrawer(page: Page, state: string): Promise<void> {
  await expect.poll(() => drawerState(page), { timeout: 15_000 }).toBe(state);
}

/** Clicks an action of the open hazard, fills its form with `fill`, saves, and waits for the new state. */
async function takeAction(
  page: Page,
  action: string,
  toState: string,
  fill: (form: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined,
): Promise<void> {
  await page.getByTestId(`hazard-action-${action}`).click();
  const form = page.locator(`[data-testid=hazard-action-form][data-action=${action}]`);
  await form.waitFor();
  await fill(form);
  await page.getByTestId('hazard-action-form-submit').click();
  await expect
    .poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count())
    .toBe(0);
  await waitForDrawer(page, toState);
}

/** Finds a hazard in the ledger by its title (optionally only 我的) and opens its drawer. */
async function openHazardByTitle(page: Page, baseUrl: string, title: string, mine = false) {
  await page.goto(`${baseUrl}/hazards`);
  await page.getByTestId('hazards-table').waitFor();
  if (mine) {
    await page.getByTestId('hazard-mine-filter').click();
    await expect
      .poll(() => page.getByTestId('hazard-mine-filter').getAttribute('aria-checked'))
      .toBe('true');
  }
  const search = page.getByTestId('hazard-search').locator('input');
  await search.fill(title);
  await search.press('Enter');
  const row = page.getByTestId('hazard-row').filter({ hasText: title });
  // The search replaces the whole list: only this hazard is left.
  await expect.poll(() => page.getByTestId('hazard-row').count()).toBe(1);
  await expect.poll(() => row.count()).toBe(1);
  const number = (await row.getAttribute('data-number'))!;
  await row.getByTestId('hazard-open').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('hazard')).not.toBeNull();
  const id = new URL(page.url()).searchParams.get('hazard')!;
  await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toContain(number);
  return { id, number };
}

/** Whether every image in the locator has loaded (the session cookie fetched it). */
const imagesLoaded = (images: ReturnType<Page['locator']>) =>
  images.evaluateAll(
    (all) =>
      all.length > 0 &&
      all.every(
        (image) =>
          (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
      ),
  );

describe('hazards: the closed loop', () => {
  it('a hazard from a public report to closure across three users, with screenshots of the timeline', async () => {
    const { server } = h;
    const suffix = String(Date.now() % 100_000);
    const description = `村委会旁边的配电箱柜门脱落，电线裸露在外，小孩放学常在附近玩耍，请尽快处理（${suffix}）`;
    const address = '厉山镇神农社区村委会东侧路口';
    const title = `配电箱柜门脱落电线裸露 ${suffix}`;

    // ---------------------------------------------------------------- 1. the public, on a phone
    const phone = await openContext('phone', {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await phone.goto(`${server.url}/report?region=421321101`);
    await phone.getByTestId('public-report-form').waitFor();
    // The page is outside the signed-in shell: no menu, no user.
    expect(await phone.getByTestId('user-menu').count()).toBe(0);
    const before = await drawJpeg(phone, '#b91c1c', 'BEFORE');

    await phone
      .locator(
        'textarea[data-testid=public-report-description], [data-testid=public-report-description] textarea',
      )
      .first()
      .fill(description);
    // The QR code's township is already chosen; the hidden file input stays hidden.
    await expect.poll(() => phone.getByTestId('public-report-region').textContent()).toContain('厉山镇');
    expect(await phone.getByTestId('public-report-photo-input').isVisible()).toBe(false);
    await phone.getByTestId('public-report-address').fill(address);
    await phone.getByTestId('public-report-photo-input').setInputFiles({
      name: 'hazard.jpg',
      mimeType: 'image/jpeg',
      buffer: before,
    });
    await expect.poll(() => phone.getByTestId('public-report-photo').count()).toBe(1);
    expect(await phone.getByTestId('public-report-photo-error').count()).toBe(0);
    // The page fits the phone: nothing wider than its 360 px.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await phone.getByTestId('public-report-address').blur();
    await screenshot(phone, 'public-report-form-phone');

    await phone.getByTestId('public-report-submit').click();
    const receipt = phone.getByTestId('receipt-code');
    await receipt.waitFor();
    const code = ((await receipt.textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await screenshot(phone, 'public-report-receipt-phone');
    fs.mkdirSync(docsScreenshots, { recursive: true });
    await phone.screenshot({ path: path.join(docsScreenshots, 'public-report-phone.png') });

    const statusOf = async () => {
      await phone.goto(`${server.url}/report/status?code=${encodeURIComponent(code)}`);
      const state = phone.getByTestId('public-status-state');
      await state.waitFor();
      return state;
    };
    let state = await statusOf();
    expect(await state.getAttribute('data-state')).toBe('received');
    expect(await state.textContent()).toBe('待核查');
    // Not yet a hazard: no number to show.
    expect(await phone.getByTestId('public-status-hazard').count()).toBe(0);

    // ---------------------------------------------------------------- 2. the township office verifies and assigns
    const office = h.page;
    await office.setViewportSize({ width: 1280, height: 900 });
    await signIn(office, server.url, 'town.staff', demoPassword);
    await office.goto(`${server.url}/hazards`);
    await office.getByTestId('hazards-tab-publicReports').click();
    const report = office.locator(`[data-testid=public-report-row][data-receipt="${code}"]`);
    await expect.poll(() => report.count()).toBe(1);
    expect(await report.textContent()).toContain(address);
    // The reporter's photo is shown to the office.
    await expect.poll(() => imagesLoaded(report.locator('img'))).toBe(true);

    await report.getByTestId('public-report-verify').click();
    const reviewForm = office.getByTestId('public-report-review-form');
    await reviewForm.waitFor();
    await office.getByTestId('public-report-review-title').fill(title);
    await pickOption(office, 'public-report-review-kind', '用电');
    await pickOption(office, 'public-report-review-sector', '消防安全');
    const village = (
      await walkCascader(office, 'public-report-review-region', ['厉山镇', 'first'])
    ).at(-1)!;
    expect(village).toBe('神农社区居民委员会');
    await office.getByTestId('public-report-review-submit').click();
    await expect
      .poll(() => office.locator('.ant-modal-wrap').filter({ visible: true }).count())
      .toBe(0);
    // Reviewed, it leaves the list of reports waiting for review.
    await expect.poll(() => report.count()).toBe(0);

    await office.getByTestId('hazards-tab-list').click();
    const hazard = await openHazardByTitle(office, server.url, title);
    expect(hazard.number).toBeTruthy();
    // A reviewed public report is a hazard verified already, in the village chosen.
    await waitForDrawer(office, 'verified');
    const fields = office.getByTestId('hazard-fields');
    await expect.poll(() => fields.textContent()).toContain('群众举报');
    expect(await fields.textContent()).toContain('神农社区居民委员会');
    expect(await fields.textContent()).toContain(address);
    await expect
      .poll(() => imagesLoaded(office.getByTestId('hazard-photos-before').locator('img')))
      .toBe(true);

    await takeAction(office, 'assign', 'assigned', async () => {
      await pickOption(office, 'hazard-action-responsible', '陈芳');
      await office
        .getByTestId('hazard-action-measures')
        .fill('更换配电箱柜门并加锁，裸露线路穿管敷设，张贴“有电危险”警示标志');
      await office
        .getByTestId('hazard-action-acceptance-standard')
        .fill('柜门完好上锁，无裸露带电部位，警示标志齐全');
      await pickOption(office, 'hazard-action-accepter', '赵明');
    });
    const assignment = office.getByTestId('hazard-assignment');
    await expect.poll(() => assignment.textContent()).toContain('陈芳');
    expect(await assignment.textContent()).toContain('赵明');

    // The reporter now sees the hazard number, still open.
    state = await statusOf();
    expect(await state.getAttribute('data-state')).toBe('verified');
    expect(await state.textContent()).toBe('已核实');
    expect(await phone.getByTestId('public-status-hazard').textContent()).toBe(hazard.number);
    expect(await phone.getByTestId('public-status').textContent()).toContain('整改中');

    // ---------------------------------------------------------------- 3. the grid worker rectifies
    const worker = await openContext('grid-worker', { viewport: { width: 1280, height: 900 } });
    await signIn(worker, server.url, 'grid.worker', demoPassword);
    // The assignment reached her as a notice: the bell opens it.
    await worker.getByTestId('notification-bell').click();
    const notice = worker.getByTestId('notification').filter({ hasText: title });
    await expect.poll(() => notice.count()).toBeGreaterThan(0);
    expect(await notice.first().getAttribute('data-kind')).toBe('hazard.assigned');
    await notice.first().click();
    await waitForDrawer(worker, 'assigned');
    // Assigned to her, the hazard is among 我的.
    expect((await openHazardByTitle(worker, server.url, title, true)).id).toBe(hazard.id);
    await waitForDrawer(worker, 'assigned');
    await takeAction(worker, 'startRectification', 'rectifying', async () => {
      await worker.getByTestId('hazard-action-note').fill('已到现场，先行断电并设置围挡');
    });
    const after = await drawJpeg(worker, '#15803d', 'AFTER');
    await takeAction(worker, 'submit', 'submitted', async () => {
      await worker
        .getByTestId('hazard-action-photos')
        .locator('input[type=file]')
        .setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: after });
      // Uploaded when chosen: wait until the upload has finished.
      await expect
        .poll(() =>
          worker.getByTestId('hazard-action-photos').locator('.ant-upload-list-item-done').count(),
        )
        .toBe(1);
      await worker
        .getByTestId('hazard-action-note')
        .fill('柜门已更换加锁，线路穿管，警示标志已张贴');
    });
    await expect
      .poll(() => imagesLoaded(worker.getByTestId('hazard-photos-after').locator('img')))
      .toBe(true);
    // She rectified it, so she cannot accept it: no button, and the server refuses.
    expect(await worker.getByTestId('hazard-action-accept').count()).toBe(0);
    const refused = await worker.evaluate(async (id) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const response = await fetch(`/api/v1/hazards/${id}/transitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ action: 'accept', note: null }),
      });
      return response.status;
    }, hazard.id);
    expect(refused).toBe(403);

    // ---------------------------------------------------------------- 4. the accepter accepts
    const accepter = await openContext('accepter', { viewport: { width: 1280, height: 900 } });
    await signIn(accepter, server.url, 'village.staff', demoPassword);
    // Named its accepter, 赵明 finds it among 我的 too.
    expect((await openHazardByTitle(accepter, server.url, title, true)).id).toBe(hazard.id);
    await waitForDrawer(accepter, 'submitted');
    await takeAction(accepter, 'accept', 'accepted', async () => {
      await accepter.getByTestId('hazard-action-note').fill('现场复核，符合验收标准');
    });
    // A general hazard is closed by the township office, not the village.
    expect(await accepter.getByTestId('hazard-action-close').count()).toBe(0);

    // ---------------------------------------------------------------- 5. the township office closes it
    await office.goto(`${server.url}/hazards?hazard=${hazard.id}`);
    await waitForDrawer(office, 'accepted');
    await takeAction(office, 'close', 'closed', async () => {
      await office.getByTestId('hazard-action-note').fill('整改验收合格，予以销号');
    });

    // ---------------------------------------------------------------- 6. the timeline, oldest first
    const timeline = office.getByTestId('hazard-timeline');
    const items = timeline.getByTestId('timeline-item');
    const actions = () =>
      items.evaluateAll((all) => all.map((item) => item.getAttribute('data-action')));
    await expect
      .poll(actions)
      .toEqual(['create', 'assign', 'startRectification', 'submit', 'accept', 'close']);
    const texts = await items.allTextContents();
    expect(texts[0]).toContain('上报');
    expect(texts[3]).toContain('网格员 陈芳');
    expect(texts[3]).toContain('柜门已更换加锁');
    expect(texts[4]).toContain('村应急专干 赵明');
    expect(texts[5]).toContain('已销号');
    // The after photo is on the 提交整改 entry (and the reporter's on 上报).
    const submitted = office.locator('[data-testid=timeline-item][data-action=submit]');
    await expect.poll(() => submitted.locator('img').count()).toBe(1);
    await expect.poll(() => imagesLoaded(submitted.locator('img'))).toBe(true);
    await expect
      .poll(() =>
        imagesLoaded(office.locator('[data-testid=timeline-item][data-action=create] img')),
      )
      .toBe(true);
    await expect.poll(() => imagesLoaded(timeline.locator('img'))).toBe(true);
    // No action is left on a closed hazard.
    expect(await office.getByTestId('hazard-actions').count()).toBe(0);

    // The 已销号 notice would cover the drawer's title: let it go first.
    await expect.poll(() => office.locator('.ant-message-notice').count()).toBe(0);
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(office, 'hazard-timeline');
    await office.screenshot({ path: path.join(docsScreenshots, 'hazard-timeline.png') });

    // ---------------------------------------------------------------- 7. the reporter sees it closed
    state = await statusOf();
    expect(await state.getAttribute('data-state')).toBe('verified');
    expect(await state.textContent()).toBe('已核实');
    expect(await phone.getByTestId('public-status-hazard').textContent()).toBe(hazard.number);
    expect(await phone.getByTestId('public-status').textContent()).toContain('已整改销号');
    await screenshot(phone, 'public-report-status-closed-phone');
  }, 240_000);
});

describe('hazards: 一单四制 at the county', () => {
  it('shows an overdue major hazard red on the county list, filters it, and puts it in the circular', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'county.staff', demoPassword);
    await page.goto(`${server.url}/hazards?tab=major`);
    const table = page.getByTestId('major-hazards-table');
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Overdue first: the demo's overdue major hazard leads, red, with its 逾期 tag.
    const first = rows.first();
    expect(await first.getAttribute('data-overdue')).toBe('true');
    expect(await first.evaluate((row) => getComputedStyle(row).backgroundColor)).toBe(
      'rgb(255, 241, 240)',
    );
    expect(await first.getByTestId('hazard-overdue').count()).toBe(1);
    const number = (await first.getAttribute('data-number'))!;
    expect(number).toMatch(/^YH\d{11}$/);
    // The row carries the 五定's responsible person and whether the treatment plan exists.
    const cells = await first.locator('td').allTextContents();
    expect(cells.some((text) => /已制定|未制定/.test(text))).toBe(true);

    await page.getByTestId('major-overdue-filter').click();
    await expect
      .poll(async () => {
        const flags = await rows.evaluateAll((shown) =>
          shown.map((row) => row.getAttribute('data-overdue')),
        );
        return flags.length > 0 && flags.every((flag) => flag === 'true');
      })
      .toBe(true);
    await screenshot(page, 'major-hazards-overdue');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('major-circular').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('重大隐患通报')!;
    expect(sheet.getRow(1).getCell(1).text).toContain('重大事故隐患通报');
    const printed: string[] = [];
    sheet.eachRow((row) => printed.push(row.getCell(2).text));
    expect(printed).toContain(number);
  });
});
