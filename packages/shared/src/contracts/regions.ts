import { z } from 'zod';
import { regionLevels } from '../enums';
import { regionCode, regionCodeInput, listResponse } from './common';

export const regionLevel = z.enum(regionLevels);

export const region = z.object({
  code: regionCode,
  name: z.string(),
  level: regionLevel,
  parentCode: regionCode.nullable(),
  childCount: z.number().int(),
});
export type Region = z.infer<typeof region>;

export const regionDetail = region.extend({
  /** From the top of the user's scope down to this region, inclusive. */
  path: z.array(z.object({ code: regionCode, name: z.string(), level: regionLevel })),
  villageCount: z.number().int(),
});
export type RegionDetail = z.infer<typeof regionDetail>;

export const getRegionParams = z.object({ code: regionCodeInput });
export const listRegionChildrenQuery = z.object({
  /** Parent region; defaults to the user's scope region. */
  code: regionCodeInput.optional(),
});
export const regionList = listResponse(region);
