import { padRegionCode, type RegionLevel } from '@lastmile/shared';

/**
 * The level of a region read from its code: a village's last three digits are not 000, a
 * township's are but its 7th–9th are not, and so on up. RegionCascader lets the user stop at any
 * level, so forms check the level they need with this.
 */
export function levelOfCode(code: string): RegionLevel {
  const padded = padRegionCode(code);
  if (!padded.endsWith('000')) {
    return 'village';
  }
  if (padded.slice(6, 9) !== '000') {
    return 'township';
  }
  if (padded.slice(4, 6) !== '00') {
    return 'county';
  }
  return padded.slice(2, 4) !== '00' ? 'city' : 'province';
}

/** An antd form rule: the chosen region, if any, is of one of `levels`. */
export function regionLevelRule(levels: readonly RegionLevel[], message: string) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (value && !levels.includes(levelOfCode(value))) {
        throw new Error(message);
      }
    },
  };
}
