import { z } from 'zod';
import { creditCodeProblem, normaliseCreditCode } from '../credit-code';
import { hazardSourceKinds, sectors, unitStatuses } from '../enums';
import { ledgerSettingsOverride, sectorDepartments, unitCategory } from '../ledger';
import {
  booleanQuery,
  listResponse,
  optionalText,
  pagination,
  regionCode,
  regionCodeInput,
  timestamp,
} from './common';
import { anyPhone, lonLat } from './org';

const name = z.string().trim().min(1).max(128);

/** A unified social credit code, normalised (upper case, no spaces) and checked per GB 32100. */
export const creditCode = z
  .string()
  .transform(normaliseCreditCode)
  .superRefine((code, context) => {
    const problem = creditCodeProblem(code);
    if (problem) {
      context.addIssue({
        code: 'custom',
        message:
          problem === 'checksum'
            ? 'the check character (18th) does not match: a typing error?'
            : problem === 'length'
              ? '18 characters'
              : 'digits and capital letters except I, O, S, V and Z',
        params: { creditCode: problem },
      });
    }
  });

/** Where a ledger record sits: its village (or township) and the township above. */
const placed = {
  regionCode,
  regionName: z.string(),
  townshipCode: regionCode,
  townshipName: z.string(),
};

// ---------------------------------------------------------------- units (生产经营单位)

export const unit = z.object({
  id: z.uuid(),
  ...placed,
  name: z.string(),
  creditCode: z.string().nullable(),
  address: z.string().nullable(),
  location: lonLat.nullable(),
  sector: z.enum(sectors),
  category: z.string(),
  categoryName: z.string(),
  smallVenue: z.boolean(),
  /** From the sector → department table (三管三必须) in force for the unit's county. */
  supervisingDepartment: z.string(),
  legalRepresentative: z.string().nullable(),
  safetyContact: z.string().nullable(),
  safetyContactPhone: z.string().nullable(),
  employees: z.number().int().nullable(),
  status: z.enum(unitStatuses),
  notes: z.string().nullable(),
  hazardSources: z.number().int(),
  /** Set by inspections (next module); null until the first. */
  lastInspectedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Unit = z.infer<typeof unit>;

export const createUnitBody = z.object({
  regionCode: regionCodeInput,
  name,
  creditCode: creditCode.nullable().optional(),
  address: optionalText(256),
  location: lonLat.nullable().optional(),
  category: unitCategory.shape.code,
  /** Defaults to the category's sector. */
  sector: z.enum(sectors).optional(),
  legalRepresentative: optionalText(64),
  safetyContact: optionalText(64),
  safetyContactPhone: anyPhone.nullable().optional(),
  employees: z.number().int().min(0).max(1_000_000).nullable().optional(),
  status: z.enum(unitStatuses).default('operating'),
  notes: optionalText(1000),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;

export const updateUnitBody = createUnitBody
  .omit({ status: true })
  .extend({ status: z.enum(unitStatuses) })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateUnitBody = z.infer<typeof updateUnitBody>;

/** Filters shared by the list, the counts, the map and the Excel export. */
export const unitFilters = z.object({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
  sector: z.enum(sectors).optional(),
  category: unitCategory.shape.code.optional(),
  status: z.enum(unitStatuses).optional(),
  smallVenue: booleanQuery.optional(),
});
export type UnitFilters = z.infer<typeof unitFilters>;
export const listUnitsQuery = pagination.extend(unitFilters.shape);
export const unitList = listResponse(unit);

// ---------------------------------------------------------------- hazard sources (危险源)

export const hazardSource = z.object({
  id: z.uuid(),
  ...placed,
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  name: z.string(),
  kind: z.enum(hazardSourceKinds),
  /** A major hazard source (重大危险源), graded 1 (highest) to 4 per GB 18218. */
  major: z.boolean(),
  majorGrade: z.number().int().min(1).max(4).nullable(),
  substances: z.string().nullable(),
  quantity: z.string().nullable(),
  location: lonLat.nullable(),
  responsiblePerson: z.string().nullable(),
  responsiblePhone: z.string().nullable(),
  controlMeasures: z.string().nullable(),
  monitoring: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type HazardSource = z.infer<typeof hazardSource>;

const hazardSourceFields = z.object({
  name,
  kind: z.enum(hazardSourceKinds),
  major: z.boolean().default(false),
  majorGrade: z.number().int().min(1).max(4).nullable().optional(),
  substances: optionalText(256),
  quantity: optionalText(128),
  location: lonLat.nullable().optional(),
  responsiblePerson: optionalText(64),
  responsiblePhone: anyPhone.nullable().optional(),
  controlMeasures: optionalText(1000),
  monitoring: optionalText(500),
  notes: optionalText(1000),
});

export const createHazardSourceBody = hazardSourceFields
  .extend({
    /** The unit it belongs to; its region is then the unit's. */
    unitId: z.uuid().nullable().optional(),
    /** Required for a standalone source (a dam, a pipeline station). */
    regionCode: regionCodeInput.optional(),
  })
  .refine(
    (body) => Boolean(body.unitId) !== Boolean(body.regionCode),
    'give exactly one of unitId and regionCode',
  )
  .refine(
    (body) => body.major || body.majorGrade === null || body.majorGrade === undefined,
    'only a major hazard source has a grade',
  );
export type CreateHazardSourceBody = z.infer<typeof createHazardSourceBody>;

export const updateHazardSourceBody = hazardSourceFields
  .omit({ major: true })
  .extend({ major: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateHazardSourceBody = z.infer<typeof updateHazardSourceBody>;

export const hazardSourceFilters = z.object({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
  kind: z.enum(hazardSourceKinds).optional(),
  major: booleanQuery.optional(),
  unitId: z.uuid().optional(),
});
export type HazardSourceFilters = z.infer<typeof hazardSourceFilters>;
export const listHazardSourcesQuery = pagination.extend(hazardSourceFilters.shape);
export const hazardSourceList = listResponse(hazardSource);

/** 重点危险源情况统计表: one row per township (or village, for a township's scope). */
export const hazardSourceStatsRow = z.object({
  regionCode,
  regionName: z.string(),
  units: z.number().int(),
  sources: z.number().int(),
  major: z.number().int(),
  /** Major sources by grade "1".."4". */
  majorByGrade: z.record(z.string(), z.number().int()),
  byKind: z.record(z.string(), z.number().int()),
});
export const hazardSourceStats = z.object({
  regionCode,
  regionName: z.string(),
  rows: z.array(hazardSourceStatsRow),
  total: hazardSourceStatsRow,
});
export type HazardSourceStats = z.infer<typeof hazardSourceStats>;
export const hazardSourceStatsQuery = z.object({ regionCode: regionCodeInput.optional() });

// ---------------------------------------------------------------- settings (台账设置)

export const ledgerSettingsQuery = z.object({ regionCode: regionCodeInput.optional() });
export const ledgerSettings = z.object({
  regionCode,
  /** What is stored at this region; the effective settings also include wider ones. */
  override: ledgerSettingsOverride,
  categories: z.array(unitCategory),
  sectorDepartments,
});
export type LedgerSettingsResponse = z.infer<typeof ledgerSettings>;
export const updateLedgerSettingsBody = z.object({
  regionCode: regionCodeInput,
  override: ledgerSettingsOverride,
});
