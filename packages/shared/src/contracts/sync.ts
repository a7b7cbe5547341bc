import { z } from 'zod';
import {
  checkInResults,
  doorToDoorResults,
  fieldCommandKinds,
  maxCommandsPerPush,
  patrolResults,
  syncOutcomes,
} from '../field';
import { hazardGrades, hazardKinds, hazardStates } from '../hazards';
import { riskLevels, riskPointKinds, sectors } from '../enums';
import { recipientStates, warningLevels, warningStates } from '../warnings';
import {
  listResponse,
  optionalText,
  pagination,
  regionCode,
  regionCodeInput,
  timestamp,
  wholeCount,
} from './common';
import { createHazardBody, transitionHazardBody } from './hazards';
import { dutyCard, isoDate, lonLat } from './org';
import { reportWarningActionsBody } from './warnings';

// ---------------------------------------------------------------- commands (outbox)

const gpsFix = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  /** Accuracy the phone reported, in metres. */
  accuracyM: z.number().min(0).max(100_000).nullable().optional(),
});

/** 开始巡查: a round in one grid. The patrol id is the client's. */
export const patrolStartPayload = z.object({
  patrolId: z.uuid(),
  gridId: z.uuid(),
  note: optionalText(1000),
});
/** A check-in at a risk point (or anywhere, with no risk point), with GPS and the device time. */
export const patrolCheckInPayload = z.object({
  patrolId: z.uuid(),
  gridId: z.uuid(),
  riskPointId: z.uuid().nullable().optional(),
  location: gpsFix.nullable().optional(),
  result: z.enum(checkInResults),
  /** The hazard reported from this check-in (its client id), if any. */
  hazardId: z.uuid().nullable().optional(),
  note: optionalText(1000),
});
/** 结束巡查 with its outcome; `nothingFound` is a valid result. */
export const patrolFinishPayload = z.object({
  patrolId: z.uuid(),
  gridId: z.uuid(),
  result: z.enum(patrolResults),
  note: optionalText(1000),
});
/** A hazard found in the field (origin 网格巡查). `hazardId` is the client's id for it. */
export const hazardReportPayload = z.object({
  hazardId: z.uuid(),
  patrolId: z.uuid().nullable().optional(),
  report: createHazardBody,
  /**
   * 疑似重大隐患: the worker thinks it major. It is filed as reported (the township grades it,
   * naming the standard met, when it verifies), and the township office is told at once.
   */
  suspectedMajor: z.boolean().optional(),
});
/**
 * A loop step on a hazard in the worker's hands (submit rectification, accept…), made against the
 * state the worker saw (`baseState`): if the hazard has moved on since, the step is a conflict.
 */
export const hazardTransitionPayload = z.object({
  hazardId: z.uuid(),
  baseState: z.enum(hazardStates),
  transition: transitionHazardBody,
});
export const warningAnswerPayload = z.object({ warningId: z.uuid() });
/** Actions taken after answering; if the answer is not on the server yet, this answers too. */
export const warningActionsPayload = z.object({
  warningId: z.uuid(),
  actions: reportWarningActionsBody,
});
/** One household of a door-to-door task visited (敲门入户): the latest visit by device time counts. */
export const doorToDoorVisitPayload = z.object({
  taskId: z.uuid(),
  householdId: z.uuid(),
  result: z.enum(doorToDoorResults),
  note: optionalText(500),
});
export const doorToDoorFinishPayload = z.object({
  taskId: z.uuid(),
  note: optionalText(1000),
});

/** The payload each command kind carries. */
export const fieldCommandPayloads = {
  'patrol.start': patrolStartPayload,
  'patrol.checkIn': patrolCheckInPayload,
  'patrol.finish': patrolFinishPayload,
  'hazard.report': hazardReportPayload,
  'hazard.transition': hazardTransitionPayload,
  'warning.answer': warningAnswerPayload,
  'warning.actions': warningActionsPayload,
  'doorToDoor.visit': doorToDoorVisitPayload,
  'doorToDoor.finish': doorToDoorFinishPayload,
} as const satisfies Record<(typeof fieldCommandKinds)[number], z.ZodType>;

export type FieldCommandPayloads = {
  [K in keyof typeof fieldCommandPayloads]: z.input<(typeof fieldCommandPayloads)[K]>;
};

/**
 * One outbox command as pushed. The envelope is checked with the request; the payload is checked
 * per command against its kind, so one bad command is rejected on its own and the rest apply.
 */
export const fieldCommand = z.object({
  /** Client-generated UUIDv7: the idempotency key. */
  id: z.uuid(),
  kind: z.enum(fieldCommandKinds),
  /** When the worker did it, by the phone's clock (kept for audit; the server's time rules). */
  at: timestamp,
  payload: z.record(z.string(), z.unknown()),
});
export type FieldCommand = z.infer<typeof fieldCommand>;

export const syncPushBody = z.object({
  /** The installation's own id (random, kept in the phone), for audit and support. */
  deviceId: z.string().trim().min(1).max(64),
  /** The phone's clock when it pushed: the server keeps the skew. */
  sentAt: timestamp,
  commands: z.array(fieldCommand).min(1).max(maxCommandsPerPush),
});
export type SyncPushBody = z.infer<typeof syncPushBody>;

export const commandResult = z.object({
  id: z.uuid(),
  outcome: z.enum(syncOutcomes),
  /** For a conflict or rejection: a stable error code and a message in the caller's language. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  /** The record the command created or changed (hazard, patrol, answer…). */
  entityId: z.uuid().nullable(),
  /** 隐患编号 and the like, for the worker's receipt. */
  reference: z.string().nullable(),
});
export type CommandResult = z.infer<typeof commandResult>;

export const syncPushResponse = z.object({
  results: z.array(commandResult),
  serverTime: timestamp,
});
export type SyncPushResponse = z.infer<typeof syncPushResponse>;

// ---------------------------------------------------------------- pull (the grid's data)

export const syncPullQuery = z.object({
  /** The `cursor` of the last pull; absent for a first (full) pull. */
  cursor: z.string().max(64).optional(),
});

export const fieldGrid = z.object({
  id: z.uuid(),
  name: z.string(),
  regionCode,
  /** The village or community. */
  regionName: z.string(),
  townshipName: z.string(),
  households: z.number().int().nullable(),
  residents: z.number().int().nullable(),
  centre: lonLat.nullable(),
  /** The caller holds a post in this grid (网格员/网格长); otherwise it is in their region. */
  mine: z.boolean(),
});
export type FieldGrid = z.infer<typeof fieldGrid>;

/** A household (户) of a grid, for door-to-door visits. */
export const household = z.object({
  id: z.uuid(),
  gridId: z.uuid(),
  /** 门牌 or how neighbours know it, e.g. 3组12号. */
  label: z.string(),
  headName: z.string(),
  phone: z.string().nullable(),
  members: z.number().int().nullable(),
  /** 重点人群: elderly living alone, disabled, left-behind children… who need help to move. */
  vulnerable: z.boolean(),
  note: z.string().nullable(),
  updatedAt: timestamp,
});
export type Household = z.infer<typeof household>;

export const fieldRiskPoint = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(riskPointKinds),
  level: z.enum(riskLevels),
  gridId: z.uuid().nullable(),
  regionCode,
  location: lonLat,
  threatenedHouseholds: z.number().int().nullable(),
  threatenedPeople: z.number().int().nullable(),
  controlMeasures: z.string().nullable(),
  active: z.boolean(),
  updatedAt: timestamp,
});
export type FieldRiskPoint = z.infer<typeof fieldRiskPoint>;

export const fieldUnit = z.object({
  id: z.uuid(),
  name: z.string(),
  sector: z.enum(sectors),
  regionCode,
  address: z.string().nullable(),
  location: lonLat.nullable(),
  safetyContact: z.string().nullable(),
  safetyContactPhone: z.string().nullable(),
  operating: z.boolean(),
  updatedAt: timestamp,
});
export type FieldUnit = z.infer<typeof fieldUnit>;

export const fieldHazard = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  kind: z.enum(hazardKinds),
  grade: z.enum(hazardGrades),
  state: z.enum(hazardStates),
  regionCode,
  gridId: z.uuid().nullable(),
  riskPointId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  finderName: z.string(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  /** The caller's part in it: found it, must rectify it, or must accept it (验收). */
  myRole: z.enum(['finder', 'responsible', 'accepter']).nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type FieldHazard = z.infer<typeof fieldHazard>;

export const fieldWarning = z.object({
  id: z.uuid(),
  state: z.enum(warningStates),
  level: z.enum(warningLevels).nullable(),
  event: z.string(),
  headline: z.string().nullable(),
  description: z.string().nullable(),
  instruction: z.string().nullable(),
  senderName: z.string().nullable(),
  sent: timestamp,
  expires: timestamp.nullable(),
  shortCode: z.string(),
  /** The caller's own call (叫应), if they are called. */
  call: z
    .object({
      ackId: z.uuid(),
      state: z.enum(recipientStates),
      answeredAt: timestamp.nullable(),
      actionsReportedAt: timestamp.nullable(),
      householdsTold: z.number().int().nullable(),
      peopleMoved: z.number().int().nullable(),
    })
    .nullable(),
});
export type FieldWarning = z.infer<typeof fieldWarning>;

export const fieldDoorToDoorTask = z.object({
  id: z.uuid(),
  warningId: z.uuid(),
  warningHeadline: z.string().nullable(),
  gridId: z.uuid(),
  state: z.enum(['open', 'done']),
  createdAt: timestamp,
  doneAt: timestamp.nullable(),
  /** The latest visit of each household visited so far. */
  visits: z.array(
    z.object({
      householdId: z.uuid(),
      result: z.enum(doorToDoorResults),
      at: timestamp,
    }),
  ),
});
export type FieldDoorToDoorTask = z.infer<typeof fieldDoorToDoorTask>;

export const fieldPatrol = z.object({
  id: z.uuid(),
  gridId: z.uuid(),
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  result: z.enum(patrolResults).nullable(),
  checkIns: z.number().int(),
  hazards: z.number().int(),
});
export type FieldPatrol = z.infer<typeof fieldPatrol>;

export const fieldContact = z.object({
  name: z.string(),
  /** 网格长, 村应急专干, 乡镇值班… in Chinese, as the duty card words it. */
  role: z.string(),
  phone: z.string(),
});
export type FieldContact = z.infer<typeof fieldContact>;

/**
 * What the phone keeps for offline work. Small collections (grids, warnings, tasks, patrols,
 * contacts) come whole every time; the larger ones come whole on a first pull and as the rows
 * changed since the cursor afterwards (`full: false`), with a short overlap re-read.
 */
export const syncPullResponse = z.object({
  cursor: z.string(),
  full: z.boolean(),
  serverTime: timestamp,
  /** How many days the phone may work offline before it must sign in online again. */
  offlineDays: z.number().int(),
  me: z.object({
    userId: z.uuid(),
    personId: z.uuid().nullable(),
    displayName: z.string(),
    role: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
  }),
  grids: z.array(fieldGrid),
  households: z.array(household),
  riskPoints: z.array(fieldRiskPoint),
  units: z.array(fieldUnit),
  hazards: z.array(fieldHazard),
  warnings: z.array(fieldWarning),
  tasks: z.array(fieldDoorToDoorTask),
  patrols: z.array(fieldPatrol),
  contacts: z.array(fieldContact),
  /** The caller's duty cards (网格员责任卡): duties and contacts up and down, one per grid post. */
  dutyCards: z.array(dutyCard),
});
export type SyncPullResponse = z.infer<typeof syncPullResponse>;

// ---------------------------------------------------------------- households (户)

export const createHouseholdBody = z.object({
  gridId: z.uuid(),
  label: z.string().trim().min(1).max(100),
  headName: z.string().trim().min(1).max(64),
  phone: z.string().trim().max(32).nullable().optional(),
  members: wholeCount.nullable().optional(),
  vulnerable: z.boolean().default(false),
  note: optionalText(500),
});
export type CreateHouseholdBody = z.infer<typeof createHouseholdBody>;
export const updateHouseholdBody = createHouseholdBody.omit({ gridId: true }).partial();
export type UpdateHouseholdBody = z.infer<typeof updateHouseholdBody>;

export const listHouseholdsQuery = z.object({ gridId: z.uuid() });
export const householdList = listResponse(household);

// ---------------------------------------------------------------- patrol records (巡查记录)

export const patrolCheckIn = z.object({
  id: z.uuid(),
  riskPointId: z.uuid().nullable(),
  riskPointName: z.string().nullable(),
  location: lonLat.nullable(),
  accuracyM: z.number().nullable(),
  result: z.enum(checkInResults),
  hazardId: z.uuid().nullable(),
  note: z.string().nullable(),
  /** By the phone's clock. */
  at: timestamp,
});
export type PatrolCheckIn = z.infer<typeof patrolCheckIn>;

/** A patrol as the office reads it: who, where, when (phone time), what was found. */
export const patrol = z.object({
  id: z.uuid(),
  gridId: z.uuid(),
  gridName: z.string(),
  regionCode,
  regionName: z.string(),
  workerName: z.string(),
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  result: z.enum(patrolResults).nullable(),
  note: z.string().nullable(),
  finishNote: z.string().nullable(),
  checkIns: z.array(patrolCheckIn),
  /** Hazards reported on this patrol. */
  hazards: z.array(z.object({ id: z.uuid(), number: z.string(), title: z.string() })),
  /** When the server first heard of it. */
  receivedAt: timestamp,
});
export type Patrol = z.infer<typeof patrol>;

export const listPatrolsQuery = pagination.extend({
  regionCode: regionCodeInput.optional(),
  gridId: z.uuid().optional(),
  /** Patrols received on or after / on or before these days (Asia/Shanghai). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type ListPatrolsQuery = z.infer<typeof listPatrolsQuery>;
export const patrolList = listResponse(patrol);
