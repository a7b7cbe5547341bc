import { describe, expect, it } from 'vitest';
import type { Map as LeafletMap } from 'leaflet';
import type { Grid } from '@lastmile/shared';
import type { Page } from 'playwright-core';
import { demoPassword } from './server';
import { useBrowserHarness } from './harness';
import { screenshot, signIn } from './browser';

const h = useBrowserHarness({ locale: 'zh-CN' });

/** The first grid of the signed-in user's scope that has no boundary yet, from the map's API. */
function gridWithoutBoundary(page: Page) {
  return page.evaluate(async () => {
    const layer = (await (await fetch('/api/v1/map/layer?layer=grids')).json()) as {
      ids: string[];
      names: string[];
      lons: number[];
      lats: number[];
      regionCodes: string[];
      areas: unknown[];
    };
    const i = layer.areas.findIndex((area) => area === null);
    return {
      id: layer.ids[i]!,
      name: layer.names[i]!,
      lon: layer.lons[i]!,
      lat: layer.lats[i]!,
      regionCode: layer.regionCodes[i]!,
    };
  });
}

/** The grid as the org API has it now (there is no GET by id: search by name, match the id). */
function gridNow(page: Page, grid: { id: string; name: string; regionCode: string }) {
  return page.evaluate(async ({ id, name, regionCode }) => {
    const query = new URLSearchParams({ q: name, regionCode, limit: '100', offset: '0' });
    const { items } = (await (await fetch(`/api/v1/org/grids?${query}`)).json()) as {
      items: Grid[];
    };
    return items.find((item) => item.id === id)!;
  }, grid);
}

/** Moves the map to a place at a zoom and waits until it has settled. */
function viewAt(page: Page, lat: number, lon: number, zoom: number): Promise<void> {
  return page.evaluate(
    ([lat, lon, zoom]) =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __oneMap: LeafletMap }).__oneMap;
        map.once('moveend', () => resolve());
        map.setView([lat, lon], zoom, { animate: false });
      }),
    [lat, lon, zoom] as const,
  );
}

/** Where a place is drawn, in the map's own pixels. */
function pixelOf(page: Page, lat: number, lon: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([lat, lon]) => {
      const { x, y } = (
        window as unknown as { __oneMap: LeafletMap }
      ).__oneMap.latLngToContainerPoint([lat, lon]);
      return { x, y };
    },
    [lat, lon] as const,
  );
}

/** The place under a pixel of the map, as GeoJSON orders it: [lon, lat]. */
function placeAt(page: Page, x: number, y: number): Promise<[number, number]> {
  return page.evaluate(
    ([x, y]) => {
      const { lat, lng } = (
        window as unknown as { __oneMap: LeafletMap }
      ).__oneMap.containerPointToLatLng([x, y]);
      return [lng, lat] as [number, number];
    },
    [x, y] as const,
  );
}

const drawingPoints = async (page: Page) =>
  Number(await page.getByTestId('one-map').getAttribute('data-drawing-points'));

describe('areas on the one-map', () => {
  it("draws a grid's boundary corner by corner, saves it as a closed WGS84 ring, and clears it", async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/risks?tab=map`);
    // Grids only: no risk point sits on top of the grid to be clicked.
    await page.getByTestId('map-layer-riskPoints').uncheck();
    await page.getByTestId('map-layer-grids').check();
    const grid = await gridWithoutBoundary(page);
    await viewAt(page, grid.lat, grid.lon, 18);

    const box = (await page.getByTestId('one-map').boundingBox())!;
    const centre = await pixelOf(page, grid.lat, grid.lon);
    const detail = page.getByTestId('map-feature-detail');
    // The grid's marker is drawn once its layer has loaded: click until its details open.
    await expect
      .poll(async () => {
        await page.mouse.click(box.x + centre.x, box.y + centre.y);
        return detail.textContent();
      })
      .toContain(grid.name);
    await page.getByTestId('area-draw').click();
    await page.getByTestId('area-drawing').waitFor();
    expect(await page.getByTestId('area-drawing').textContent()).toContain(
      '在地图上依次点击各拐点',
    );
    // While drawing, the details are out of the way and a click opens none.
    expect(await detail.count()).toBe(0);

    const corners = [
      [-80, -50],
      [80, -50],
      [80, 50],
      [-80, 50],
    ].map(([dx, dy]) => ({ x: centre.x + dx!, y: centre.y + dy! }));
    // A stray corner first, taken back with 撤销上一点.
    await page.mouse.click(box.x + centre.x, box.y + centre.y + 120);
    await expect.poll(() => drawingPoints(page)).toBe(1);
    await page.getByTestId('area-undo').click();
    await expect.poll(() => drawingPoints(page)).toBe(0);
    for (const [index, corner] of corners.entries()) {
      await page.mouse.click(box.x + corner.x, box.y + corner.y);
      await expect.poll(() => drawingPoints(page)).toBe(index + 1);
    }
    expect(await detail.count()).toBe(0);
    const expected = await Promise.all(corners.map((corner) => placeAt(page, corner.x, corner.y)));
    await page.getByTestId('area-finish').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已保存范围');
    await expect.poll(() => page.getByTestId('area-drawing').count()).toBe(0);

    const saved = (await gridNow(page, grid)).boundary!;
    expect(saved.type).toBe('Polygon');
    const ring = saved.coordinates[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    // [lon, lat], WGS84 as clicked: each corner within a few metres (a pixel) of where it was clicked.
    ring.slice(0, 4).forEach(([lon, lat], index) => {
      expect(lon).toBeCloseTo(expected[index]![0], 4);
      expect(lat).toBeCloseTo(expected[index]![1], 4);
    });
    expect(Math.min(...ring.map(([lon]) => lon))).toBeLessThan(grid.lon);
    expect(Math.max(...ring.map(([lon]) => lon))).toBeGreaterThan(grid.lon);
    expect(Math.min(...ring.map(([, lat]) => lat))).toBeLessThan(grid.lat);
    expect(Math.max(...ring.map(([, lat]) => lat))).toBeGreaterThan(grid.lat);

    // The details are back, offering to redraw or clear what is now there.
    await expect.poll(() => page.getByTestId('area-draw').textContent()).toContain('重新绘制');
    await screenshot(page, 'map-area-drawn');

    await page.getByTestId('area-clear').click();
    await page
      .locator('.ant-popconfirm')
      .filter({ visible: true })
      .getByRole('button', { name: '清除范围' })
      .click();
    await expect.poll(async () => (await gridNow(page, grid)).boundary).toBeNull();
    await expect.poll(() => page.getByTestId('area-draw').textContent()).toContain('绘制范围');
  });

  it('leaves without saving on Escape', async () => {
    const { page, server } = h;
    await signIn(page, server.url, 'town.admin', demoPassword);
    await page.goto(`${server.url}/risks?tab=map`);
    await page.getByTestId('map-layer-riskPoints').uncheck();
    await page.getByTestId('map-layer-grids').check();
    const grid = await gridWithoutBoundary(page);
    await viewAt(page, grid.lat, grid.lon, 18);
    const box = (await page.getByTestId('one-map').boundingBox())!;
    const centre = await pixelOf(page, grid.lat, grid.lon);
    await expect
      .poll(async () => {
        await page.mouse.click(box.x + centre.x, box.y + centre.y);
        return page.getByTestId('map-feature-detail').textContent();
      })
      .toContain(grid.name);
    await page.getByTestId('area-draw').click();
    for (const [dx, dy] of [
      [-60, -40],
      [60, -40],
      [0, 50],
    ]) {
      await page.mouse.click(box.x + centre.x + dx!, box.y + centre.y + dy!);
    }
    await expect.poll(() => drawingPoints(page)).toBe(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('area-drawing').count()).toBe(0);
    expect(await page.getByTestId('one-map').getAttribute('data-drawing-points')).toBeNull();
    expect((await gridNow(page, grid)).boundary).toBeNull();
  });
});
