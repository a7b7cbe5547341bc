import { z } from 'zod';
import { sectors } from '../enums';
import {
  checklistResults,
  hazardActions,
  hazardGrades,
  hazardKinds,
  hazardOrigins,
  hazardSettings,
  hazardStates,
  publicReportStates,
  summonsResponses,
  summonsStates,
} from '../hazards';
import {
  booleanQuery,
  commaList,
  listResponse,
  optionalText,
  pagination,
  regionCode,
  regionCodeInput,
  timestamp,
} from './common';
import { anyPhone, isoDate, lonLat, personRef } from './org';

/** Who did something: a user, or (public reports, jobs) a name only. */
export const actorRef = z.object({ userId: z.uuid().nullable(), name: z.string() });
export type ActorRef = z.infer<typeof actorRef>;

const photoIds = z.array(z.uuid()).max(9);
const text = (max: number) => z.string().trim().min(1).max(max);

// ---------------------------------------------------------------- attachments (照片)

export const attachment = z.object({
  id: z.uuid(),
  mediaType: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: timestamp,
});
export type Attachment = z.infer<typeof attachment>;
export const uploadAttachmentQuery = z.object({
  /** The client's id for the photo (idempotency key of the field app's outbox). */
  id: z.uuid().optional(),
});

// ---------------------------------------------------------------- hazards (隐患)

/** 五定: responsible person, deadline, measures (incl. temporary), funds, acceptance standard and accepter. */
export const hazardAssignment = z.object({
  responsible: personRef.nullable(),
  /** When the responsible person is not in the organisation (e.g. a unit's legal representative). */
  responsibleName: z.string(),
  responsiblePhone: z.string().nullable(),
  deadline: isoDate,
  measures: z.string(),
  temporaryMeasures: z.string().nullable(),
  fundsYuan: z.number().nullable(),
  acceptanceStandard: z.string(),
  accepter: personRef,
  assignedAt: timestamp,
  assignedBy: actorRef,
});
export type HazardAssignment = z.infer<typeof hazardAssignment>;

/** 重大隐患治理方案 (一单四制): 目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案. */
export const treatmentPlan = z.object({
  goal: text(2000),
  measures: text(4000),
  fundsAndMaterials: text(2000),
  people: text(2000),
  timeLimit: text(500),
  safetyMeasures: text(4000),
});
export type TreatmentPlan = z.infer<typeof treatmentPlan>;

export const summons = z.object({
  id: z.uuid(),
  hazardId: z.uuid(),
  hazardNumber: z.string(),
  hazardTitle: z.string(),
  hazardGrade: z.enum(hazardGrades),
  regionCode,
  regionName: z.string(),
  sector: z.enum(sectors),
  department: z.string(),
  state: z.enum(summonsStates),
  note: z.string(),
  summonedBy: actorRef,
  summonedAt: timestamp,
  respondBy: timestamp,
  /** Past `respondBy` with no answer. */
  late: z.boolean(),
  respondedBy: actorRef.nullable(),
  respondedAt: timestamp.nullable(),
  reason: z.string().nullable(),
  transferredTo: z.string().nullable(),
  escalatedAt: timestamp.nullable(),
});
export type Summons = z.infer<typeof summons>;

export const hazard = z.object({
  id: z.uuid(),
  /** 隐患编号, e.g. YH2026000123. */
  number: z.string(),
  regionCode,
  regionName: z.string(),
  townshipCode: regionCode,
  townshipName: z.string(),
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  riskPointId: z.uuid().nullable(),
  riskPointName: z.string().nullable(),
  origin: z.enum(hazardOrigins),
  kind: z.enum(hazardKinds),
  sector: z.enum(sectors),
  grade: z.enum(hazardGrades),
  /** Code of the judging standard a major hazard was graded by. */
  standardCode: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  photoIds: z.array(z.uuid()),
  state: z.enum(hazardStates),
  stateChangedAt: timestamp,
  finder: actorRef,
  /** 即查即改: fixed on the spot by the finder, straight to acceptance. */
  fixedOnSpot: z.boolean(),
  assignment: hazardAssignment.nullable(),
  treatmentPlan: treatmentPlan.nullable(),
  rectification: z
    .object({ by: actorRef, at: timestamp, note: z.string(), photoIds: z.array(z.uuid()) })
    .nullable(),
  acceptance: z.object({ by: actorRef, at: timestamp, note: z.string().nullable() }).nullable(),
  closure: z.object({ by: actorRef, at: timestamp, note: z.string().nullable() }).nullable(),
  rejectReason: z.string().nullable(),
  mergedIntoId: z.uuid().nullable(),
  /** The deadline has passed (Asia/Shanghai) and rectification is not submitted. */
  overdue: z.boolean(),
  /** How far up the supervision ladder (督办) it has gone: 0 none, 1–3 the rungs. */
  supervisionLevel: z.number().int().min(0).max(3),
  /** Major hazards are reported to the county at once. */
  reportedToCountyAt: timestamp.nullable(),
  publicReportId: z.uuid().nullable(),
  /** The latest summons of a department (吹哨), if any. */
  summons: summons.nullable(),
  /** What the caller may do next (state machine, role, scope and ownership applied). */
  allowedActions: z.array(z.enum(hazardActions)),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Hazard = z.infer<typeof hazard>;

/**
 * A hazard as a list shows it (the ledger, the major-hazard list, a picker): its identity, place,
 * classification, state and flags, and the 五定's responsible person and deadline. Lists read
 * this instead of the whole hazard: a page of 50 costs half the lookups and a fraction of the
 * bytes, which a grid worker's phone feels. `getHazard` answers the rest.
 */
export const hazardSummary = hazard
  .pick({
    id: true,
    number: true,
    regionCode: true,
    regionName: true,
    townshipCode: true,
    townshipName: true,
    gridId: true,
    gridName: true,
    unitId: true,
    unitName: true,
    origin: true,
    kind: true,
    sector: true,
    grade: true,
    standardCode: true,
    title: true,
    state: true,
    finder: true,
    fixedOnSpot: true,
    overdue: true,
    supervisionLevel: true,
    reportedToCountyAt: true,
    createdAt: true,
  })
  .extend({
    /** Once assigned: the 五定's responsible person (an organisation member's current details). */
    responsible: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
    deadline: isoDate.nullable(),
    /** A major hazard's 治理方案 has been written. */
    hasTreatmentPlan: z.boolean(),
    /** The department summoned last (吹哨), if any. */
    summonsDepartment: z.string().nullable(),
  });
export type HazardSummary = z.infer<typeof hazardSummary>;

export const createHazardBody = z
  .object({
    /** The village or township where it was found; defaults to the unit's or risk point's. */
    regionCode: regionCodeInput.optional(),
    gridId: z.uuid().nullable().optional(),
    unitId: z.uuid().nullable().optional(),
    riskPointId: z.uuid().nullable().optional(),
    origin: z.enum(hazardOrigins).optional(),
    kind: z.enum(hazardKinds),
    /** Defaults to the unit's sector, else `other`. */
    sector: z.enum(sectors).optional(),
    grade: z.enum(hazardGrades).default('general'),
    standardCode: z.string().trim().max(32).nullable().optional(),
    title: text(200),
    description: optionalText(4000),
    location: lonLat.nullable().optional(),
    address: optionalText(500),
    photoIds: photoIds.default([]),
    /** 即查即改: fixed on the spot; needs before photos (`photoIds`) and after photos. */
    fixedOnSpot: z.object({ afterPhotoIds: photoIds.min(1), note: text(2000) }).optional(),
  })
  .refine((body) => body.regionCode || body.unitId || body.riskPointId, {
    message: 'give the region, the unit or the risk point',
    path: ['regionCode'],
  })
  .refine((body) => !body.fixedOnSpot || body.grade === 'general', {
    message: 'only a general hazard can be fixed on the spot',
    path: ['fixedOnSpot'],
  })
  .refine((body) => !body.fixedOnSpot || body.photoIds.length > 0, {
    message: 'a hazard fixed on the spot needs a photo from before',
    path: ['photoIds'],
  })
  .refine((body) => body.grade !== 'major' || body.standardCode, {
    message: 'a major hazard names the judging standard it meets',
    path: ['standardCode'],
  });
export type CreateHazardBody = z.infer<typeof createHazardBody>;

const assignFields = z.object({
  action: z.literal('assign'),
  responsiblePersonId: z.uuid().nullable().optional(),
  responsibleName: z.string().trim().min(1).max(64).optional(),
  responsiblePhone: anyPhone.nullable().optional(),
  /** Defaults to today plus the county's deadline for the grade. */
  deadline: isoDate.optional(),
  measures: text(4000),
  temporaryMeasures: optionalText(2000),
  fundsYuan: z.number().min(0).max(1e10).nullable().optional(),
  acceptanceStandard: text(2000),
  accepterPersonId: z.uuid(),
  /** Required for a major hazard. */
  treatmentPlan: treatmentPlan.optional(),
  note: optionalText(2000),
});

/** One body for every transition: `action` plus the fields that action needs. */
export const transitionHazardBody = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('verify'),
    grade: z.enum(hazardGrades).optional(),
    standardCode: z.string().trim().max(32).nullable().optional(),
    kind: z.enum(hazardKinds).optional(),
    sector: z.enum(sectors).optional(),
    note: optionalText(2000),
  }),
  z.object({ action: z.literal('reject'), reason: text(2000) }),
  z.object({ action: z.literal('merge'), intoId: z.uuid(), note: optionalText(2000) }),
  assignFields,
  z.object({ action: z.literal('startRectification'), note: optionalText(2000) }),
  z.object({ action: z.literal('submit'), photoIds: photoIds.min(1), note: text(2000) }),
  z.object({ action: z.literal('accept'), note: optionalText(2000) }),
  z.object({ action: z.literal('failAcceptance'), reason: text(2000) }),
  z.object({ action: z.literal('close'), note: optionalText(2000) }),
]);
export type TransitionHazardBody = z.infer<typeof transitionHazardBody>;

export const hazardFilters = z.object({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
  state: commaList(hazardStates).optional(),
  grade: z.enum(hazardGrades).optional(),
  kind: z.enum(hazardKinds).optional(),
  sector: z.enum(sectors).optional(),
  origin: z.enum(hazardOrigins).optional(),
  overdue: booleanQuery.optional(),
  /** Only hazards still open (not closed, rejected or merged). */
  open: booleanQuery.optional(),
  unitId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  riskPointId: z.uuid().optional(),
  /** Hazards where the caller is the responsible person or the accepter. */
  mine: booleanQuery.optional(),
});
export type HazardFilters = z.infer<typeof hazardFilters>;
export const listHazardsQuery = pagination.extend(hazardFilters.shape);
export type ListHazardsQuery = z.infer<typeof listHazardsQuery>;
/** 重大隐患清单 and other short lists: the page and the total. */
export const hazardList = listResponse(hazardSummary);
/**
 * A page of the hazard ledger. It carries no total: counting every match costs more than the
 * page at a county's size, so the page answers at once and `countHazards` (same filters) says
 * how many there are, fetched beside it.
 */
export const hazardPage = z.object({ items: z.array(hazardSummary), hasMore: z.boolean() });
export type HazardPage = z.infer<typeof hazardPage>;
export const hazardCount = z.object({ total: z.number().int() });
export type HazardCount = z.infer<typeof hazardCount>;

export const hazardEvent = z.object({
  at: timestamp,
  actor: actorRef,
  /** `create`, a transition action, `summon`, `respondSummons`, `supervise`, `escalateSummons`… */
  action: z.string(),
  fromState: z.enum(hazardStates).nullable(),
  toState: z.enum(hazardStates).nullable(),
  note: z.string().nullable(),
  photoIds: z.array(z.uuid()),
  details: z.record(z.string(), z.unknown()),
});
export type HazardEvent = z.infer<typeof hazardEvent>;
export const hazardTimeline = z.object({ items: z.array(hazardEvent) });

export const majorHazardCircularQuery = z.object({
  regionCode: regionCodeInput.optional(),
  /** The date the circular speaks for (default today, Asia/Shanghai). */
  asOf: isoDate.optional(),
});

// ---------------------------------------------------------------- summons (吹哨报到)

export const summonDepartmentBody = z.object({
  /** Defaults to the supervising department of the hazard's sector (三管三必须). */
  department: z.string().trim().min(1).max(64).optional(),
  note: text(2000),
});
export const respondToSummonsBody = z
  .object({
    response: z.enum(summonsResponses),
    reason: optionalText(2000),
    /** For `transfer`: the department that should answer instead. */
    department: z.string().trim().min(1).max(64).optional(),
  })
  .refine((body) => body.response === 'accept' || body.reason, {
    message: 'a transfer or decline gives its reason',
    path: ['reason'],
  })
  .refine((body) => body.response !== 'transfer' || body.department, {
    message: 'name the department to transfer to',
    path: ['department'],
  });
export type RespondToSummonsBody = z.infer<typeof respondToSummonsBody>;
export const listSummonsQuery = pagination.extend({
  state: commaList(summonsStates).optional(),
});
export const summonsList = listResponse(summons);

// ---------------------------------------------------------------- inspections (检查)

export const checklistEntry = z.object({
  item: text(300),
  result: z.enum(checklistResults),
  note: optionalText(1000),
});

export const inspectionFinding = z.object({
  title: text(200),
  description: optionalText(4000),
  kind: z.enum(hazardKinds),
  grade: z.enum(hazardGrades).default('general'),
  standardCode: z.string().trim().max(32).nullable().optional(),
  photoIds: photoIds.default([]),
});

export const inspection = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  regionCode,
  regionName: z.string(),
  inspectedOn: isoDate,
  inspectors: z.array(z.string()),
  /** 四不两直: no notice, no call ahead, no briefing, no escort; straight to the site. */
  unannounced: z.boolean(),
  randomDrawId: z.uuid().nullable(),
  checklist: z.array(
    z.object({ item: z.string(), result: z.enum(checklistResults), note: z.string().nullable() }),
  ),
  summary: z.string().nullable(),
  hazardIds: z.array(z.uuid()),
  createdBy: actorRef,
  createdAt: timestamp,
});
export type Inspection = z.infer<typeof inspection>;

export const createInspectionBody = z.object({
  unitId: z.uuid(),
  inspectedOn: isoDate,
  inspectors: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
  unannounced: z.boolean().default(false),
  randomDrawId: z.uuid().nullable().optional(),
  checklist: z.array(checklistEntry).max(200).default([]),
  summary: optionalText(4000),
  /** Each finding becomes a hazard of the unit in one step. */
  findings: z.array(inspectionFinding).max(50).default([]),
});
export type CreateInspectionBody = z.infer<typeof createInspectionBody>;
export const listInspectionsQuery = pagination.extend({
  regionCode: regionCodeInput.optional(),
  unitId: z.uuid().optional(),
});
export const inspectionList = listResponse(inspection);
export const checklistQuery = z.object({
  category: z.string().regex(/^[a-zA-Z0-9_-]{1,32}$/, 'a category code'),
});
export const checklist = z.object({ category: z.string(), items: z.array(z.string()) });
export type Checklist = z.infer<typeof checklist>;

// ---------------------------------------------------------------- random inspections (双随机)

export const randomDraw = z.object({
  id: z.uuid(),
  title: z.string(),
  regionCode,
  regionName: z.string(),
  /** The seed the draw used: the same seed and pool give the same draw. */
  seed: z.string(),
  poolSize: z.number().int(),
  filters: z.object({ category: z.string().nullable(), sector: z.enum(sectors).nullable() }),
  units: z.array(z.object({ id: z.uuid(), name: z.string(), inspected: z.boolean() })),
  inspectors: z.array(z.object({ personId: z.uuid(), name: z.string() })),
  drawnBy: actorRef,
  drawnAt: timestamp,
});
export type RandomDraw = z.infer<typeof randomDraw>;

export const drawRandomInspectionBody = z.object({
  title: text(200),
  /** Township or county whose units form the pool (default: the caller's scope). */
  regionCode: regionCodeInput.optional(),
  category: z.string().trim().max(32).nullable().optional(),
  sector: z.enum(sectors).nullable().optional(),
  unitCount: z.number().int().min(1).max(500),
  /** People the inspectors are drawn from. */
  inspectorPool: z.array(z.uuid()).min(1).max(500),
  inspectorCount: z.number().int().min(1).max(50),
  /** Leave out to let the server pick one; give one to re-run a recorded draw. */
  seed: z.string().trim().min(1).max(64).optional(),
});
export type DrawRandomInspectionBody = z.infer<typeof drawRandomInspectionBody>;
/** A recorded draw re-run from its stored seed and pools: anyone can check it was not picked by hand. */
export const randomDrawCheck = z.object({
  id: z.uuid(),
  seed: z.string(),
  matches: z.boolean(),
  unitIds: z.array(z.uuid()),
  inspectorIds: z.array(z.uuid()),
});
export type RandomDrawCheck = z.infer<typeof randomDrawCheck>;
export const listRandomDrawsQuery = pagination.extend({ regionCode: regionCodeInput.optional() });
export const randomDrawList = listResponse(randomDraw);

// ---------------------------------------------------------------- public reports (举报)

const photoUpload = z.object({
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  /** Base64 of the image, at most 5 MB decoded. */
  data: z
    .string()
    .max(7_000_000)
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64'),
});

export const submitPublicReportBody = z
  .object({
    /** The township (or village) picked from the form's list. */
    regionCode: regionCodeInput,
    description: z.string().trim().min(5).max(2000),
    location: lonLat.nullable().optional(),
    address: optionalText(300),
    phone: anyPhone.nullable().optional(),
    photos: z.array(photoUpload).max(3).default([]),
    /** Honeypot: hidden from people, filled by bots. Must stay empty. */
    website: z.string().max(200).optional(),
  })
  .refine((body) => body.location || body.address, {
    message: 'pick the place on the map or describe it',
    path: ['address'],
  });
export type SubmitPublicReportBody = z.infer<typeof submitPublicReportBody>;

export const publicReportReceipt = z.object({ receiptCode: z.string(), submittedAt: timestamp });
export type PublicReportReceipt = z.infer<typeof publicReportReceipt>;
export const receiptParam = z.object({
  receiptCode: z.string().regex(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/i),
});

/** What a reporter sees by receipt code: only their report's progress, never others'. */
export const publicReportStatus = z.object({
  receiptCode: z.string(),
  state: z.enum(publicReportStates),
  submittedAt: timestamp,
  reviewedAt: timestamp.nullable(),
  /** The reason a rejected report was not taken up. */
  reason: z.string().nullable(),
  hazardNumber: z.string().nullable(),
  hazardClosed: z.boolean(),
  rewardYuan: z.number().nullable(),
});

export type PublicReportStatus = z.infer<typeof publicReportStatus>;

export const publicReportForm = z.object({
  /** The address of this form to print under its QR code. */
  reportUrl: z.string(),
  countyCode: regionCode,
  countyName: z.string(),
  townships: z.array(z.object({ code: regionCode, name: z.string() })),
  hotline: z.string(),
});
export type PublicReportForm = z.infer<typeof publicReportForm>;
export const publicReportFormQuery = z.object({ regionCode: regionCodeInput });

export const publicReport = z.object({
  id: z.uuid(),
  receiptCode: z.string(),
  regionCode,
  regionName: z.string(),
  description: z.string(),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  photoIds: z.array(z.uuid()),
  state: z.enum(publicReportStates),
  submittedAt: timestamp,
  reviewedBy: actorRef.nullable(),
  reviewedAt: timestamp.nullable(),
  reason: z.string().nullable(),
  hazardId: z.uuid().nullable(),
  rewardYuan: z.number().nullable(),
});
export type PublicReport = z.infer<typeof publicReport>;
export const listPublicReportsQuery = pagination.extend({
  state: z.enum(publicReportStates).optional(),
});
export const publicReportList = listResponse(publicReport);

export const reviewPublicReportBody = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('verify'),
    /** Village or township of the hazard (default: the report's). */
    regionCode: regionCodeInput.optional(),
    title: text(200),
    kind: z.enum(hazardKinds),
    sector: z.enum(sectors).optional(),
    grade: z.enum(hazardGrades).default('general'),
    standardCode: z.string().trim().max(32).nullable().optional(),
    unitId: z.uuid().nullable().optional(),
  }),
  z.object({ decision: z.literal('reject'), reason: text(500) }),
]);
export type ReviewPublicReportBody = z.infer<typeof reviewPublicReportBody>;

export const publicDrawsQuery = z.object({ regionCode: regionCodeInput });

// ---------------------------------------------------------------- settings, stats, notifications

export const hazardSettingsQuery = z.object({ regionCode: regionCodeInput.optional() });
export const hazardSettingsResponse = z.object({
  regionCode,
  settings: hazardSettings,
  editable: z.boolean(),
});
export type HazardSettingsResponse = z.infer<typeof hazardSettingsResponse>;

export const hazardStatsQuery = z.object({
  regionCode: regionCodeInput.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
const countRow = z.object({ key: z.string(), count: z.number().int() });
export const hazardAreaRow = z.object({
  code: regionCode,
  name: z.string(),
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  overdue: z.number().int(),
  major: z.number().int(),
  /** Closed ÷ (total − rejected − merged); null with nothing to close. */
  closureRate: z.number().nullable(),
  /** Median days from report to 销号 of the hazards closed. */
  medianDaysToClose: z.number().nullable(),
});
export const hazardStats = z.object({
  regionCode,
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  byArea: z.array(hazardAreaRow),
  byState: z.array(countRow),
  byGrade: z.array(countRow),
  byKind: z.array(countRow),
  bySector: z.array(countRow),
  byOrigin: z.array(countRow),
});
export type HazardStats = z.infer<typeof hazardStats>;

export const notification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  entity: z.string(),
  entityId: z.string(),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type Notification = z.infer<typeof notification>;
export const listNotificationsQuery = pagination.extend({ unread: booleanQuery.optional() });
export const notificationList = listResponse(notification);
