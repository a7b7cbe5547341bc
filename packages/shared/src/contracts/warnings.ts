import { z } from 'zod';
import {
  callPlanSteps,
  deliveryStates,
  escalationKinds,
  recipientStates,
  relayMethods,
  warningChannels,
  warningLevels,
  warningOrigins,
  warningStates,
} from '../warnings';
import {
  commaList,
  listResponse,
  optionalText,
  pagination,
  regionCode,
  timestamp,
  wholeCount,
} from './common';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A national event type code (GB/T 35561 style, e.g. 11B03 暴雨), or `*` for any kind. */
export const warningEventType = z
  .string()
  .regex(/^(\d{2}[A-Z]\d{2}|\*)$/, 'an event type code such as 11B03, or *');

// ---------------------------------------------------------------- targets (预警范围)

/** Where a warning is called: whole regions (township or village) and single grids. */
export const warningTargetsInput = z.object({
  regionCodes: z.array(regionCode).max(2000),
  gridIds: z.array(z.uuid()).max(5000),
});
export type WarningTargetsInput = z.infer<typeof warningTargetsInput>;

export const warningTargets = z.object({
  regions: z.array(z.object({ code: z.string(), name: z.string() })),
  grids: z.array(
    z.object({ id: z.uuid(), name: z.string(), regionCode: z.string(), regionName: z.string() }),
  ),
});
export type WarningTargets = z.infer<typeof warningTargets>;

// ---------------------------------------------------------------- warnings (预警)

/** The caller's own 叫应 of a warning, when they are called. */
export const myWarningCall = z.object({
  ackId: z.uuid(),
  state: z.enum(recipientStates),
  startsAt: timestamp,
  answeredAt: timestamp.nullable(),
  late: z.boolean(),
  actionsReportedAt: timestamp.nullable(),
});
export type MyWarningCall = z.infer<typeof myWarningCall>;

export const warningSummary = z.object({
  id: z.uuid(),
  origin: z.enum(warningOrigins),
  state: z.enum(warningStates),
  regionCode: z.string(),
  regionName: z.string(),
  sender: z.string(),
  senderName: z.string().nullable(),
  identifier: z.string(),
  sent: timestamp,
  msgType: z.string(),
  status: z.string(),
  event: z.string(),
  eventType: z.string().nullable(),
  level: z.enum(warningLevels).nullable(),
  headline: z.string().nullable(),
  expires: timestamp.nullable(),
  /** Four digits a recipient may text back instead of "1" when several warnings are open. */
  shortCode: z.string(),
  parentId: z.uuid().nullable(),
  referencesId: z.uuid().nullable(),
  dispatchedAt: timestamp.nullable(),
  createdAt: timestamp,
  recipients: z.number().int(),
  answered: z.number().int(),
  me: myWarningCall.nullable(),
});
export type WarningSummary = z.infer<typeof warningSummary>;

export const warning = warningSummary.extend({
  format: z.enum(['cap12', 'cap11', 'national']),
  description: z.string().nullable(),
  instruction: z.string().nullable(),
  /** A township's own instructions added when relaying (属地措施). */
  localInstructions: z.string().nullable(),
  effective: timestamp.nullable(),
  onset: timestamp.nullable(),
  urgency: z.string().nullable(),
  severity: z.string().nullable(),
  certainty: z.string().nullable(),
  areaDescriptions: z.array(z.string()),
  targets: warningTargets,
  callPlan: callPlanSteps,
  cancelReason: z.string().nullable(),
  cancelledAt: timestamp.nullable(),
  hasRawXml: z.boolean(),
});
export type Warning = z.infer<typeof warning>;

export const warningList = listResponse(warningSummary);

export const listWarningsQuery = pagination.extend({
  state: commaList(warningStates).optional(),
  level: commaList(warningLevels).optional(),
  origin: commaList(warningOrigins).optional(),
  /** Only warnings the caller is called on. */
  mine: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

export const ingestWarningResponse = warning.extend({
  /** Other counties of this deployment the warning reached, one stored warning each. */
  otherCounties: z.array(z.object({ id: z.uuid(), countyCode: z.string() })),
});

export const createWarningBody = z.object({
  event: text(100),
  eventType: warningEventType.optional(),
  level: z.enum(warningLevels),
  headline: text(200),
  description: text(4000),
  instruction: optionalText(4000),
  expires: timestamp.nullable().optional(),
  targets: warningTargetsInput,
});
export type CreateWarningBody = z.infer<typeof createWarningBody>;

export const relayWarningBody = z.object({
  localInstructions: text(4000),
  /** Inside the caller's township; default: the upper warning's targets there. */
  targets: warningTargetsInput.optional(),
});
export type RelayWarningBody = z.infer<typeof relayWarningBody>;

export const cancelWarningBody = z.object({ reason: text(500) });

export const dispatchWarningBody = z.object({ targets: warningTargetsInput.optional() });

// ---------------------------------------------------------------- answers (叫应)

export const answerWarningBody = z.object({
  /** How the answer came; the web and field app answer in-app. */
  channel: z.enum(['app']).default('app'),
});

export const reportWarningActionsBody = z.object({
  relayedBy: z.array(z.enum(relayMethods)).min(1).max(relayMethods.length),
  householdsTold: wholeCount,
  peopleMoved: wholeCount,
  note: optionalText(1000),
});
export type ReportWarningActionsBody = z.infer<typeof reportWarningActionsBody>;

// ---------------------------------------------------------------- coverage (叫应看板)

export const coverageCounts = z.object({
  recipients: z.number().int(),
  /** At least one message delivered or the in-app notice open. */
  reached: z.number().int(),
  answered: z.number().int(),
  /** Called and not answered yet. */
  silent: z.number().int(),
  escalated: z.number().int(),
  medianAnswerSeconds: z.number().nullable(),
  householdsTold: z.number().int(),
  peopleMoved: z.number().int(),
});
export type CoverageCounts = z.infer<typeof coverageCounts>;

export const coverageGrid = coverageCounts.extend({ id: z.uuid(), name: z.string() });
export const coverageVillage = coverageCounts.extend({
  code: z.string(),
  name: z.string(),
  grids: z.array(coverageGrid),
});
export const coverageTownship = coverageCounts.extend({
  code: z.string(),
  name: z.string(),
  villages: z.array(coverageVillage),
});

export const silentRecipient = z.object({
  ackId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  mobile: z.string(),
  postKind: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  gridName: z.string().nullable(),
  state: z.enum(recipientStates),
  startsAt: timestamp,
  escalations: z.array(z.enum(escalationKinds)),
});
export type SilentRecipient = z.infer<typeof silentRecipient>;

export const doorToDoorTask = z.object({
  id: z.uuid(),
  gridId: z.uuid(),
  gridName: z.string(),
  regionName: z.string(),
  state: z.enum(['open', 'done']),
  createdAt: timestamp,
  /** From the field app: households visited so far, of the grid's households on record. */
  visited: z.number().int(),
  households: z.number().int(),
  /** Visited and told or moved; those still needing help to move. */
  told: z.number().int(),
  needsHelp: z.number().int(),
  doneAt: timestamp.nullable(),
});

export const warningCoverage = z.object({
  warningId: z.uuid(),
  at: timestamp,
  totals: coverageCounts,
  townships: z.array(coverageTownship),
  silent: z.array(silentRecipient),
  doorToDoor: z.array(doorToDoorTask),
  deliveries: z.record(z.enum(deliveryStates), z.number().int()),
});
export type WarningCoverage = z.infer<typeof warningCoverage>;

// ---------------------------------------------------------------- call plans (叫应方案)

export const callPlan = z.object({
  id: z.uuid().nullable(),
  level: z.enum(warningLevels),
  eventType: warningEventType,
  /** Upper warnings of this kind and level are called at once, without waiting for the office. */
  autoDispatch: z.boolean(),
  steps: callPlanSteps,
  updatedAt: timestamp.nullable(),
});
export type CallPlan = z.infer<typeof callPlan>;

export const callPlanList = z.object({ items: z.array(callPlan) });

export const upsertCallPlanBody = z.object({
  level: z.enum(warningLevels),
  eventType: warningEventType,
  autoDispatch: z.boolean(),
  steps: callPlanSteps,
});
export type UpsertCallPlanBody = z.infer<typeof upsertCallPlanBody>;

// ---------------------------------------------------------------- gateway (短信/语音网关)

/** What the SMS/voice gateway posts back: a reply from a phone, or a delivery receipt. */
export const gatewayInboundBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reply'),
    from: z.string().trim().min(5).max(20),
    text: z.string().max(500),
    receivedAt: timestamp.optional(),
    /** The gateway's id of the incoming message: a webhook posted twice is then one report. */
    messageId: z.string().min(1).max(100).optional(),
  }),
  z.object({
    kind: z.literal('receipt'),
    messageId: z.string().min(1).max(100),
    status: z.enum(['delivered', 'failed']),
    error: z.string().max(500).optional(),
  }),
]);
export type GatewayInboundBody = z.infer<typeof gatewayInboundBody>;

export const gatewayInboundResponse = z.object({
  ok: z.literal(true),
  /** For a reply: what was answered (or why nothing), to text back to the sender. */
  reply: z.string().nullable(),
});

export const warningChannelEnum = z.enum(warningChannels);
