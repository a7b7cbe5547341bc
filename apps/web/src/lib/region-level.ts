import { regionLevelOf, type RegionLevel } from '@lastmile/shared';

/** An antd form rule: the chosen region, if any, is of one of `levels`. */
export function regionLevelRule(levels: readonly RegionLevel[], message: string) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (value && !levels.includes(regionLevelOf(value))) {
        throw new Error(message);
      }
    },
  };
}
