import { describe, expect, it } from 'vitest';
import { riskLevelColours, type MapFeature } from '@lastmile/shared';
import { colourOf, hazardColours, urgencyOf } from './styles';

const feature = (level: string | null): MapFeature => ({
  id: '1',
  name: '点',
  lon: 113.3,
  lat: 31.85,
  regionCode: '421321101001',
  kind: null,
  level,
  area: null,
});

describe('map styles', () => {
  it('ranks risk points 重大 first and colours them 红橙黄蓝', () => {
    const ranks = ['major', 'high', 'general', 'low'].map((level) => urgencyOf('riskPoints', feature(level)));
    expect(ranks).toEqual([0, 1, 2, 3]);
    expect(ranks.map((rank) => colourOf('riskPoints', rank))).toEqual([
      riskLevelColours.major,
      riskLevelColours.high,
      riskLevelColours.general,
      riskLevelColours.low,
    ]);
  });

  it('puts an unknown level last, and a major hazard source before the others', () => {
    expect(urgencyOf('riskPoints', feature(null))).toBe(4);
    expect(colourOf('riskPoints', 4)).toBe(riskLevelColours.low);
    expect(urgencyOf('hazardSources', feature('major'))).toBeLessThan(urgencyOf('hazardSources', feature(null)));
  });

  it('ranks open hazards overdue first (red), then major, then general', () => {
    const ranks = ['overdue', 'major', 'general'].map((level) => urgencyOf('hazards', feature(level)));
    expect(ranks).toEqual([0, 1, 2]);
    expect(colourOf('hazards', 0)).toBe(hazardColours.overdue);
    expect(urgencyOf('hazards', feature(null))).toBe(2);
  });
});
