import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import { demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { screenshot, signIn } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

/** Contexts a test opens besides the harness's own (other users): closed after it. */
const extraPages: { name: string; page: Page }[] = [];

async function openContext(name: string): Promise<Page> {
  const context = await h.browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
  });
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

/** A time as the national platform writes it: Beijing time, a space for the T. */
function nationalTime(at: Date): string {
  const beijing = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${beijing.slice(0, 10)} ${beijing.slice(11, 19)}+08:00`;
}

/**
 * A blue rainstorm warning (11B03) in the national platform's format, for one township; the
 * identifier and headline carry `suffix` so that each run sends a new warning.
 */
function nationalBlueRainstorm(geocode: string, suffix: string): string {
  const now = new Date();
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert>
  <identifier>42132141600000_${suffix}</identifier>
  <sender>随县气象局</sender>
  <senderCode>42132141600000</senderCode>
  <sendTime>${nationalTime(now)}</sendTime>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <secClassification>None</secClassification>
  <note/>
  <info>
    <language>zh-CN</language>
    <eventType>11B03</eventType>
    <urgency>Unknown</urgency>
    <severity>Blue</severity>
    <certainty>Unknown</certainty>
    <effective>${nationalTime(now)}</effective>
    <onset/>
    <expires>${nationalTime(new Date(now.getTime() + 12 * 3_600_000))}</expires>
    <senderName>值班员</senderName>
    <headline>随县气象局发布暴雨蓝色预警[IV级/一般] ${suffix}</headline>
    <description>预计未来12小时内辖区将出现50毫米以上降雨，请注意防范。</description>
    <instruction/>
    <area>
      <areaDesc>随县</areaDesc>
      <polygon/>
      <circle/>
      <geocode>${geocode}</geocode>
    </area>
  </info>
</alert>`;
}

/** Signs in through the API of a browser context; answers the CSRF token for its writes. */
async function apiSignIn(request: APIRequestContext, baseUrl: string, username: string) {
  const response = await request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { username, password: demoPassword },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { csrfToken: string; scopeRegionCode: string };
}

/** The figure a 叫应看板 card shows, read from its `data-value`. */
const figure = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .getAttribute('data-value', { timeout: 2000 })
    .then((value) => (value === null || value === '' ? null : Number(value)))
    .catch(() => null);

describe('warnings: 预警叫应', () => {
  it('an upper warning is relayed by the township, a grid worker answers, and the board counts it live', async () => {
    const { server, page: town } = h;
    const suffix = String(Date.now());

    // ------------------------------------------------------- a. the county takes in a warning
    const county = await openContext('county');
    const countyMe = await apiSignIn(county.request, server.url, 'county.staff');
    const townships = await county.request.get(`${server.url}/api/v1/regions`, {
      params: { code: countyMe.scopeRegionCode },
    });
    expect(townships.status()).toBe(200);
    const township = ((await townships.json()) as { items: { code: string; name: string }[] })
      .items[0]!;
    const ingest = await county.request.post(`${server.url}/api/v1/warnings/ingest`, {
      headers: { 'content-type': 'application/xml', 'x-csrf-token': countyMe.csrfToken },
      data: nationalBlueRainstorm(township.code, suffix),
    });
    expect(ingest.status(), await ingest.text()).toBe(201);
    const upper = (await ingest.json()) as { id: string; level: string; origin: string };
    expect(upper).toMatchObject({ level: 'blue', origin: 'ingested' });

    // ------------------------------------------------------- b. the township relays it
    await town.setViewportSize({ width: 1440, height: 1000 });
    await signIn(town, server.url, 'town.admin', demoPassword);
    await town.goto(`${server.url}/warnings`);
    const upperRow = town.locator(`[data-testid=warning-row][data-id="${upper.id}"]`);
    await expect.poll(() => upperRow.count(), { timeout: 15_000 }).toBe(1);
    await upperRow.getByTestId('warning-open').click();
    await expect.poll(() => town.getByTestId('warning-headline').textContent()).toContain(suffix);
    await town.getByTestId('warning-action-relay').click();
    await town
      .getByTestId('warning-relay-instructions')
      .fill('各村立即排查山洪、地质灾害隐患点，网格员逐户告知低洼地带群众，做好转移准备。');
    await town.getByTestId('warning-relay-submit').click();
    // The page moves to the relay, a warning of its own.
    await expect
      .poll(() => town.getByTestId('warning-page').getAttribute('data-id'), { timeout: 15_000 })
      .not.toBe(upper.id);
    const relayedId = (await town.getByTestId('warning-page').getAttribute('data-id'))!;
    expect(new URL(town.url()).pathname).toBe(`/warnings/${relayedId}`);

    // The board is open and streaming; the grid worker is among those called, not answered yet.
    await town.getByTestId('coverage-board').waitFor();
    await expect
      .poll(() => town.getByTestId('coverage-live').getAttribute('data-live'), { timeout: 15_000 })
      .toBe('true');
    await expect.poll(() => figure(town, 'coverage-recipients')).toBeGreaterThan(0);
    const answeredBefore = (await figure(town, 'coverage-answered'))!;
    const householdsBefore = (await figure(town, 'coverage-households'))!;
    // Marks this document: a reload would lose the mark.
    await town.evaluate(() => {
      (window as unknown as { boardMark: string }).boardMark = 'not reloaded';
    });

    // ------------------------------------------------------- c. a grid worker answers
    const worker = await openContext('grid-worker');
    await signIn(worker, server.url, 'grid.worker', demoPassword);
    await worker.goto(`${server.url}/warnings`);
    // 我的叫应 is on for a grid worker: the relay is among her calls.
    await expect
      .poll(() => worker.getByTestId('warning-mine-filter').getAttribute('aria-checked'))
      .toBe('true');
    const relayRow = worker.locator(`[data-testid=warning-row][data-id="${relayedId}"]`);
    await expect.poll(() => relayRow.count(), { timeout: 15_000 }).toBe(1);
    expect(await relayRow.getAttribute('data-origin')).toBe('relayed');
    await relayRow.getByTestId('warning-open').click();
    await worker.getByTestId('warning-answer').click();
    await worker.getByTestId('my-call-answered').waitFor();

    // ------------------------------------------------------- d. the board counts her, live
    await expect
      .poll(() => figure(town, 'coverage-answered'), { timeout: 8000 })
      .toBeGreaterThan(answeredBefore);
    expect(await town.getByTestId('coverage-live').getAttribute('data-live')).toBe('true');

    // She reports what she did: the households she told reach the board too.
    await worker.getByTestId('warning-actions-relayed-by').getByText('敲门入户').click();
    await worker.getByTestId('warning-actions-relayed-by').getByText('微信群').click();
    await worker.getByTestId('warning-actions-households').fill('23');
    await worker.getByTestId('warning-actions-people').fill('4');
    await worker.getByTestId('warning-actions-submit').click();
    await worker.getByTestId('my-call-actions-reported').waitFor();
    await expect
      .poll(() => figure(town, 'coverage-households'), { timeout: 8000 })
      .toBe(householdsBefore + 23);
    expect(await town.evaluate(() => (window as unknown as { boardMark?: string }).boardMark)).toBe(
      'not reloaded',
    );

    // ------------------------------------------------------- e. a picture of the board
    await screenshot(town, 'warning-coverage');
    fs.mkdirSync(docsScreenshots, { recursive: true });
    // The top of the board: the figures and the first villages.
    await town.getByTestId('warning-tab-coverage').scrollIntoViewIfNeeded();
    await town.screenshot({ path: path.join(docsScreenshots, 'warning-coverage.png') });
    await screenshot(worker, 'warning-answered-grid-worker');
  });
});
