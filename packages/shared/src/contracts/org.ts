import { z } from 'zod';
import { dutyCardPostKinds, expertAvailabilities, gridKinds, postKinds } from '../enums';
import { staffingRule, staffingRuleCodes, staffingRulesOverride } from '../staffing';
import {
  listResponse,
  optionalText,
  pagination,
  regionCode,
  regionCodeInput,
  timestamp,
  wholeCount,
} from './common';

const name = z.string().trim().min(1).max(64);

/** A mainland mobile number: 11 digits starting 13–19 (spaces and dashes are stripped). */
export const mobilePattern = /^1[3-9]\d{9}$/;
/** A landline with area code, optional extension: 0716-1234567, 07161234567, 0716-1234567-801. */
export const landlinePattern = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
/** Public service numbers a duty desk may publish (12345, 12350, 96xxx...). */
const serviceNumberPattern = /^(1\d{4}|9\d{4,5})$/;

export function normalisePhone(value: string): string {
  return value.replace(/[\s()（）]/g, '').replace(/^\+?86-?/, '');
}

export const mobile = z
  .string()
  .transform(normalisePhone)
  .pipe(z.string().regex(mobilePattern, 'an 11-digit mobile number'));
export const landline = z
  .string()
  .transform(normalisePhone)
  .pipe(z.string().regex(landlinePattern, 'a landline with area code, e.g. 0722-1234567'));
/** A phone anyone may call: mobile, landline or service number. */
export const anyPhone = z
  .string()
  .transform(normalisePhone)
  .pipe(
    z
      .string()
      .refine(
        (value) =>
          mobilePattern.test(value) ||
          landlinePattern.test(value) ||
          serviceNumberPattern.test(value),
        'a mobile, a landline with area code or a service number',
      ),
  );

export const lonLat = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
export type LonLat = z.infer<typeof lonLat>;

/** A GeoJSON Polygon in WGS84/CGCS2000: closed rings of [lon, lat]. */
export const polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(
      z
        .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
        .min(4)
        .max(5000)
        // Zod runs this even when the ring is too short, so an empty ring must not crash it.
        .refine((ring) => {
          const [first, last] = [ring[0], ring.at(-1)];
          return (
            first !== undefined &&
            last !== undefined &&
            first[0] === last[0] &&
            first[1] === last[1]
          );
        }, 'a closed ring'),
    )
    .min(1)
    .max(20),
});
export type Polygon = z.infer<typeof polygon>;

/** A person as other records show them: enough to phone them. */
export const personRef = z.object({ personId: z.uuid(), name: z.string(), mobile: z.string() });
export type PersonRef = z.infer<typeof personRef>;

// ---------------------------------------------------------------- grids (网格)

export const grid = z.object({
  id: z.uuid(),
  /** The village or community the grid belongs to. */
  regionCode,
  regionName: z.string(),
  townshipCode: regionCode,
  townshipName: z.string(),
  name: z.string(),
  kind: z.enum(gridKinds),
  households: z.number().int().nullable(),
  residents: z.number().int().nullable(),
  boundary: polygon.nullable(),
  centre: lonLat.nullable(),
  heads: z.array(personRef),
  workers: z.array(personRef),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Grid = z.infer<typeof grid>;

export const createGridBody = z.object({
  regionCode: regionCodeInput,
  name,
  kind: z.enum(gridKinds),
  households: wholeCount.nullable().optional(),
  residents: wholeCount.nullable().optional(),
  boundary: polygon.nullable().optional(),
  centre: lonLat.nullable().optional(),
});
export type CreateGridBody = z.infer<typeof createGridBody>;

export const updateGridBody = createGridBody
  .omit({ regionCode: true })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateGridBody = z.infer<typeof updateGridBody>;

export const listGridsQuery = pagination.extend({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
});
export const gridList = listResponse(grid);

// ---------------------------------------------------------------- people and posts (人员 / 岗位)

export const post = z.object({
  id: z.uuid(),
  kind: z.enum(postKinds),
  regionCode,
  regionName: z.string(),
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  /** Free text for command HQ members: the department or role they stand for. */
  title: z.string().nullable(),
});
export type Post = z.infer<typeof post>;

export const person = z.object({
  id: z.uuid(),
  name: z.string(),
  mobile: z.string(),
  landline: z.string().nullable(),
  notes: z.string().nullable(),
  /** The region the person is kept under; decides who may see and edit them. */
  regionCode,
  regionName: z.string(),
  userId: z.uuid().nullable(),
  username: z.string().nullable(),
  posts: z.array(post),
  createdAt: timestamp,
});
export type Person = z.infer<typeof person>;

export const createPersonBody = z.object({
  name,
  mobile,
  landline: landline.nullable().optional(),
  notes: optionalText(500),
  regionCode: regionCodeInput,
  userId: z.uuid().nullable().optional(),
});
export type CreatePersonBody = z.infer<typeof createPersonBody>;

export const updatePersonBody = createPersonBody
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;

export const listPeopleQuery = pagination.extend({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
  postKind: z.enum(postKinds).optional(),
  gridId: z.uuid().optional(),
});
export const personList = listResponse(person);

/** A region post names `regionCode`; a grid post names `gridId` (its village is implied). */
export const assignPostBody = z
  .object({
    kind: z.enum(postKinds),
    regionCode: regionCodeInput.optional(),
    gridId: z.uuid().optional(),
    title: optionalText(64),
  })
  .refine(
    (body) => (body.regionCode === undefined) !== (body.gridId === undefined),
    'give exactly one of regionCode and gridId',
  );
export type AssignPostBody = z.infer<typeof assignPostBody>;

export const postParams = z.object({ id: z.uuid(), postId: z.uuid() });

// ---------------------------------------------------------------- region profile

export const regionProfile = z.object({
  regionCode,
  name: z.string(),
  level: z.string(),
  households: z.number().int().nullable(),
  residents: z.number().int().nullable(),
  /** Public duty phone of a township or county (值班电话 / 公开举报电话). */
  dutyPhone: z.string().nullable(),
  /** A community (社区) rather than a village: its grids are 300–500-household blocks. */
  isCommunity: z.boolean(),
  /** Where the one-map writes the village's name (WGS84/CGCS2000). */
  centre: lonLat.nullable(),
});
export type RegionProfile = z.infer<typeof regionProfile>;

export const updateRegionProfileBody = z
  .object({
    households: wholeCount.nullable().optional(),
    residents: wholeCount.nullable().optional(),
    dutyPhone: anyPhone.nullable().optional(),
    isCommunity: z.boolean().optional(),
    centre: lonLat.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateRegionProfileBody = z.infer<typeof updateRegionProfileBody>;

export const regionCodeParam = z.object({ code: regionCodeInput });

// ---------------------------------------------------------------- staffing (配备情况)

export const staffingRules = z.record(z.enum(staffingRuleCodes), staffingRule);

export const shortfall = z.object({
  rule: z.enum(staffingRuleCodes),
  regionCode,
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  actual: z.number().int(),
  /** For `gridCoverage`: the village's own household count the grids should add up to. */
  expected: z.number().int().nullable(),
});
export type Shortfall = z.infer<typeof shortfall>;

export const staffingPlace = z.object({
  regionCode,
  name: z.string(),
  level: z.enum(['township', 'village']),
  parentCode: regionCode,
  /** Distinct people per post kind, and `grids` for villages. */
  counts: z.record(z.string(), z.number().int()),
  shortfalls: z.array(shortfall),
});
export type StaffingPlace = z.infer<typeof staffingPlace>;

export const staffingReport = z.object({
  regionCode,
  rules: staffingRules,
  totals: z.object({
    townships: z.number().int(),
    villages: z.number().int(),
    grids: z.number().int(),
    compliantTownships: z.number().int(),
    compliantVillages: z.number().int(),
    shortfalls: z.number().int(),
  }),
  places: z.array(staffingPlace),
});
export type StaffingReport = z.infer<typeof staffingReport>;

export const staffingReportQuery = z.object({ regionCode: regionCodeInput.optional() });

export const staffingRulesResponse = z.object({
  regionCode,
  /** The override stored at this region; the effective rules also include wider ones. */
  override: staffingRulesOverride,
  rules: staffingRules,
});
export const updateStaffingRulesBody = z.object({
  regionCode: regionCodeInput,
  override: staffingRulesOverride,
});

// ---------------------------------------------------------------- experts (专家库)

export const expert = z.object({
  id: z.uuid(),
  countyCode: z.string(),
  name: z.string(),
  specialty: z.string(),
  sector: z.string(),
  organisation: z.string().nullable(),
  mobile: z.string(),
  landline: z.string().nullable(),
  availability: z.enum(expertAvailabilities),
  notes: z.string().nullable(),
  createdAt: timestamp,
});
export type Expert = z.infer<typeof expert>;

export const createExpertBody = z.object({
  name,
  specialty: z.string().trim().min(1).max(64),
  sector: z.string().trim().min(1).max(64),
  organisation: optionalText(128),
  mobile,
  landline: landline.nullable().optional(),
  availability: z.enum(expertAvailabilities).default('available'),
  notes: optionalText(500),
});
export type CreateExpertBody = z.infer<typeof createExpertBody>;
export const updateExpertBody = createExpertBody
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateExpertBody = z.infer<typeof updateExpertBody>;

export const listExpertsQuery = pagination.extend({
  q: z.string().trim().max(64).optional(),
  sector: z.string().trim().max(64).optional(),
  availability: z.enum(expertAvailabilities).optional(),
});
export const expertList = listResponse(expert);

// ---------------------------------------------------------------- duty roster (值班)

/** A calendar day in Asia/Shanghai, YYYY-MM-DD. */
export const isoDate = z.iso.date();

export const dutyShift = z.object({
  id: z.uuid(),
  regionCode,
  date: isoDate,
  startsAt: timestamp,
  endsAt: timestamp,
  leader: personRef.nullable(),
  staff: z.array(personRef),
  notes: z.string().nullable(),
});
export type DutyShift = z.infer<typeof dutyShift>;

/** Sets the shift of one region and day; the times default to the configured handover time. */
export const setDutyShiftBody = z
  .object({
    regionCode: regionCodeInput,
    date: isoDate,
    leaderPersonId: z.uuid().nullable(),
    staffPersonIds: z.array(z.uuid()).max(20),
    startsAt: timestamp.optional(),
    endsAt: timestamp.optional(),
    notes: optionalText(500),
  })
  .refine(
    (body) => (body.startsAt === undefined) === (body.endsAt === undefined),
    'give both startsAt and endsAt or neither',
  )
  .refine(
    (body) => !body.startsAt || !body.endsAt || Date.parse(body.startsAt) < Date.parse(body.endsAt),
    'startsAt must be before endsAt',
  );
export type SetDutyShiftBody = z.infer<typeof setDutyShiftBody>;

export const listDutyShiftsQuery = z
  .object({ regionCode: regionCodeInput, from: isoDate, to: isoDate })
  .refine((query) => query.from <= query.to, 'from must not be after to')
  .refine(
    (query) => Date.parse(query.to) - Date.parse(query.from) <= 92 * 86_400_000,
    'at most 92 days',
  );
export const dutyShiftList = z.object({ items: z.array(dutyShift) });

export const onDutyQuery = z.object({ regionCode: regionCodeInput, at: timestamp.optional() });

/** Who answers for a region at a time: the shift if one covers it, always the duty phone and fallbacks. */
export const onDuty = z.object({
  /** The township or county whose roster answered (a village resolves to its township). */
  regionCode,
  regionName: z.string(),
  at: timestamp,
  dutyPhone: z.string().nullable(),
  shift: dutyShift.nullable(),
  /** Office director and leader in charge: whom to call when no shift covers the time. */
  fallback: z.array(personRef.extend({ postKind: z.enum(postKinds) })),
});
export type OnDuty = z.infer<typeof onDuty>;

// ---------------------------------------------------------------- duty cards (责任卡)

export const contact = z.object({
  /** A post kind, or `dutyPhone` for the township's duty desk. */
  role: z.union([z.enum(postKinds), z.literal('dutyPhone')]),
  name: z.string(),
  phone: z.string(),
});
export type Contact = z.infer<typeof contact>;

export const dutyCard = z.object({
  personId: z.uuid(),
  name: z.string(),
  mobile: z.string(),
  postKind: z.enum(dutyCardPostKinds),
  grid: z.object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(gridKinds),
    households: z.number().int().nullable(),
    residents: z.number().int().nullable(),
  }),
  village: z.object({ code: regionCode, name: z.string() }),
  township: z.object({ code: regionCode, name: z.string() }),
  duties: z.array(z.string()),
  upperContacts: z.array(contact),
  lowerContacts: z.array(contact),
  /** Filled once the risk ledger knows the grid's risk points. */
  riskSummary: z.string().nullable(),
});
export type DutyCard = z.infer<typeof dutyCard>;
export const dutyCardList = z.object({ items: z.array(dutyCard) });
export const dutyCardsQuery = z.object({ regionCode: regionCodeInput });
export const dutyCardsPdfQuery = z
  .object({ regionCode: regionCodeInput.optional(), personId: z.uuid().optional() })
  .refine(
    (query) => (query.regionCode === undefined) !== (query.personId === undefined),
    'give exactly one of regionCode and personId',
  );

export const dutyTemplate = z.object({
  postKind: z.enum(dutyCardPostKinds),
  lines: z.array(z.string()),
  /** Where the text comes from: a region's own version, or null for the built-in default. */
  regionCode: regionCode.nullable(),
});
export const dutyTemplateList = z.object({ items: z.array(dutyTemplate) });
export const dutyTemplateParams = z.object({ postKind: z.enum(dutyCardPostKinds) });
export const updateDutyTemplateBody = z.object({
  regionCode: regionCodeInput,
  lines: z.array(z.string().trim().min(1).max(300)).min(1).max(20),
});

// ---------------------------------------------------------------- Excel

export const gridTableQuery = z.object({ regionCode: regionCodeInput.optional() });

export const importQuery = z.object({
  /** Check the file only; nothing is written. */
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const importRowError = z.object({
  sheet: z.string(),
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importResult = z.object({
  dryRun: z.boolean(),
  grids: z.object({ created: z.number().int(), updated: z.number().int() }),
  people: z.object({ created: z.number().int(), updated: z.number().int() }),
  posts: z.object({ created: z.number().int() }),
});
export type ImportResult = z.infer<typeof importResult>;

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
