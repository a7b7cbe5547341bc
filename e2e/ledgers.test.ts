import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Map as LeafletMap } from 'leaflet';
import type { Page } from 'playwright-core';
import { demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { pickOption, screenshot, signIn, walkCascader } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

const featureCount = async (page: Page) =>
  Number(await page.getByTestId('one-map').getAttribute('data-feature-count'));

/** The first major (red) risk point of the signed-in user's scope, from the API. */
function firstRedPoint(page: Page) {
  return page.evaluate(async () => {
    const layer = (await (
      await fetch('/api/v1/map/layer?layer=riskPoints&level=major')
    ).json()) as {
      ids: string[];
      names: string[];
      lons: number[];
      lats: number[];
    };
    return { id: layer.ids[0]!, name: layer.names[0]!, lon: layer.lons[0]!, lat: layer.lats[0]! };
  });
}

/** Moves the map (Leaflet, exposed for tests) and waits until it has settled. */
async function viewAt(page: Page, lat: number, lon: number, zoom: number): Promise<void> {
  await page.evaluate(
    ([lat, lon, zoom]) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __oneMap: LeafletMap }).__oneMap;
        map.once('moveend', () => resolve());
        map.setView([lat, lon], zoom, { animate: false });
      }),
    [lat, lon, zoom] as const,
  );
}

describe('the one-map and the ledgers', () => {
  it('opens the one-map without base tiles, toggles layers, and shows a red risk point on click', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/risks?tab=map`);
    await expect.poll(() => featureCount(page), { timeout: 20_000 }).toBeGreaterThan(0);
    // No tile URL is configured: no tiles are asked for, the points are drawn anyway.
    expect(await page.locator('img.leaflet-tile').count()).toBe(0);
    expect(await page.getByTestId('map-legend').textContent()).toContain('重大风险');
    await screenshot(page, 'one-map');

    // Layers: risk points off, units on, then back.
    const withRisks = await featureCount(page);
    await page.getByTestId('map-layer-riskPoints').uncheck();
    await expect.poll(() => featureCount(page)).toBe(0);
    await page.getByTestId('map-layer-units').check();
    await expect.poll(() => featureCount(page)).toBeGreaterThan(0);
    await page.getByTestId('map-layer-units').uncheck();
    await page.getByTestId('map-layer-riskPoints').check();
    await expect.poll(() => featureCount(page)).toBe(withRisks);

    // Village names make the blank map readable once zoomed in.
    const red = await firstRedPoint(page);
    await viewAt(page, red.lat, red.lon, 14);
    await expect.poll(() => page.locator('.one-map-village').count()).toBeGreaterThan(0);

    // Close in, the red point is a marker of its own: click it where Leaflet drew it.
    await viewAt(page, red.lat, red.lon, 18);
    const point = await page.evaluate(
      ([lat, lon]) => {
        const map = (window as unknown as { __oneMap: LeafletMap }).__oneMap;
        const { x, y } = map.latLngToContainerPoint([lat, lon]);
        return { x, y };
      },
      [red.lat, red.lon] as const,
    );
    const box = (await page.getByTestId('one-map').boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    const detail = page.getByTestId('map-feature-detail');
    await expect.poll(() => detail.textContent()).toContain(red.name);
    // The details load after the click: level, responsible persons, measures.
    await expect.poll(() => detail.textContent()).toContain('重大风险');
    await screenshot(page, 'one-map-red-point');
  });

  it('keeps the units ledger: a mistyped credit code is caught on the form, the unit saved, the ledger exported', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/units`);
    await page.getByTestId('units-table').waitFor();
    await page.getByTestId('unit-create').click();
    await walkCascader(page, 'unit-form-region', ['厉山镇', 'first']);
    const name = `浏览器测试农家乐${Date.now() % 100_000}`;
    await page.getByTestId('unit-form-name').fill(name);
    await pickOption(page, 'unit-form-category', '农家乐');
    await page.getByTestId('unit-form-credit-code').fill('914403001922038217');
    await page.getByTestId('unit-form-submit').click();
    await expect
      .poll(() => page.getByTestId('unit-form').textContent())
      .toContain('校验位（第 18 位）不符');
    await page.getByTestId('unit-form-credit-code').fill('91110108551385082Q');
    await page.getByTestId('unit-form-submit').click();
    await expect
      .poll(() => page.locator('.ant-modal-wrap').filter({ visible: true }).count())
      .toBe(0);

    await page.getByTestId('unit-search').locator('input').fill(name);
    await page.getByTestId('unit-search').locator('input').press('Enter');
    const row = page
      .getByTestId('units-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('县文化和旅游局');
    await screenshot(page, 'units-ledger');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('ledger-export').click(),
    ]);
    expect(download.suggestedFilename()).toContain('生产经营单位台账');
  });

  it('lists the risk points whose review is overdue, each marked red', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/risks`);
    await page.getByTestId('risk-points-table').waitFor();
    await page.getByTestId('risk-point-overdue-filter').click();
    const rows = page.getByTestId('risk-points-table').locator('tbody tr.ant-table-row');
    const overdue = page.getByTestId('review-overdue');
    // The filtered list replaces the whole one: every row shown is overdue, and there are some.
    await expect
      .poll(async () => {
        const [shown, marked] = [await rows.count(), await overdue.count()];
        return shown > 0 && shown === marked;
      })
      .toBe(true);
    await screenshot(page, 'risk-points-overdue');
  });

  it('imports a risk point from the template after a bad row was refused, and shows it in the ledger', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/units?tab=import`);
    const templateHref = (await page.getByTestId('import-template').getAttribute('href'))!;
    const template = await page.request.get(`${server.url}${templateHref}`);
    const bytes = await template.body();
    const fill = async (rows: (string | number)[][]) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
      rows.forEach(
        (row, index) => (workbook.getWorksheet('风险点')!.getRow(index + 2).values = row),
      );
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const upload = (buffer: Buffer) =>
      page.locator('input[type=file]').setInputFiles({
        name: '风险点导入.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer,
      });
    const name = `浏览器导入风险点${Date.now() % 100_000}`;
    const good = ['厉山镇', '神农社区居民委员会', '', name, '低洼易涝点', '较大', 113.31, 31.71];
    await upload(
      await fill([good, ['厉山镇', '神农社区居民委员会', '', '坏行', '火山口', '紫', 200, 31]]),
    );
    await page.getByTestId('import-submit').click();
    const errorRows = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await expect.poll(() => errorRows.count()).toBeGreaterThanOrEqual(3);
    expect((await errorRows.first().locator('td').allTextContents()).slice(0, 2)).toEqual([
      '风险点',
      '3',
    ]);
    await screenshot(page, 'ledger-import-errors');

    await upload(await fill([good]));
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('1');
    await page.goto(`${server.url}/risks`);
    await page.getByTestId('risk-point-search').locator('input').fill(name);
    await page.getByTestId('risk-point-search').locator('input').press('Enter');
    const row = page
      .getByTestId('risk-points-table')
      .locator('tbody tr.ant-table-row')
      .filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('较大风险');
  });
});
