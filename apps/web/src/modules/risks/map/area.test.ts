import { describe, expect, it } from 'vitest';
import { polygon } from '@lastmile/shared';
import { toPolygon } from './area';

describe('toPolygon', () => {
  it('turns Leaflet corners into a closed GeoJSON ring of [lon, lat] to six decimals', () => {
    const area = toPolygon([
      { lat: 31.7123456789, lng: 113.3012345678 },
      { lat: 31.713, lng: 113.302 },
      { lat: 31.714, lng: 113.3011 },
    ]);
    expect(area).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [113.301235, 31.712346],
          [113.302, 31.713],
          [113.3011, 31.714],
          [113.301235, 31.712346],
        ],
      ],
    });
    expect(polygon.safeParse(area).success).toBe(true);
  });
});
