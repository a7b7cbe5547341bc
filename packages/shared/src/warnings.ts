/**
 * Warnings (预警) and 叫应: levels, where a warning came from, the channels that carry it, what a
 * recipient's 叫应 goes through, and the call plan (叫应方案) a county sets per warning kind and
 * level. Shared so that the server runs and the web app edits exactly the same plan.
 */
import { z } from 'zod';
import type { PostKind, Role } from './enums';

/** 一级/二级/三级/四级 = 红/橙/黄/蓝 (突发事件应对法 art. 63), most severe first. */
export const warningLevels = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = (typeof warningLevels)[number];

/**
 * Who takes in upper warnings, issues the county's own (应对法 art. 64: county level and up),
 * starts 叫应 and edits call plans.
 */
export const warningCountyRoles: readonly Role[] = ['county_admin', 'county_staff'];
/** Who relays an upper warning with local instructions (转发). */
export const warningRelayRoles: readonly Role[] = ['township_admin', 'township_staff'];

/** Where a stored warning came from: an upper platform, the county itself, or a township relay. */
export const warningOrigins = ['ingested', 'issued', 'relayed'] as const;
export type WarningOrigin = (typeof warningOrigins)[number];

/** A warning's life: active (being called), updated by a later one, cancelled (解除), expired. */
export const warningStates = ['active', 'updated', 'cancelled', 'expired'] as const;
export type WarningState = (typeof warningStates)[number];

/** Channels a call plan may use, in the usual order of escalation. `log` writes to the server log. */
export const warningChannels = ['app', 'sms', 'voice', 'log'] as const;
export type WarningChannel = (typeof warningChannels)[number];

/** Channels that go through the SMS/voice gateway. */
export const gatewayChannels: readonly WarningChannel[] = ['sms', 'voice'];

/**
 * One recipient's 叫应: waiting for their step to start, being called, answered, silent to the
 * end of the ladder and escalated, or no longer chased (the warning was cancelled, or the step
 * had the answers it needed).
 */
export const recipientStates = ['waiting', 'calling', 'answered', 'escalated', 'stopped'] as const;
export type RecipientState = (typeof recipientStates)[number];

/** A gateway message's life: queued, being sent, accepted by the gateway, delivered, failed. */
export const deliveryStates = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** What happens when a recipient stays silent to the end of their ladder. */
export const silenceActions = ['superior', 'dutyLeader', 'doorToDoor'] as const;
export type SilenceAction = (typeof silenceActions)[number];

/**
 * What an escalation did: a silence action, or — when none of them found anyone (no superior
 * post held, the silent person is the duty leader) — the township office told in-app, so that no
 * silent person is ever left without one.
 */
export const escalationKinds = [...silenceActions, 'office'] as const;
export type EscalationKind = (typeof escalationKinds)[number];

/** How a recipient passed the warning on (seed 002: 广播、鸣锣吹哨、敲门入户、微信群、电话). */
export const relayMethods = [
  'broadcast',
  'gong',
  'doorToDoor',
  'wechatGroup',
  'phone',
  'sms',
] as const;
export type RelayMethod = (typeof relayMethods)[number];

const seconds = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600);

export const callPlanStep = z.object({
  /** What the office calls this step, e.g. 乡镇党政主要负责人. */
  name: z.string().trim().min(1).max(60),
  /** The posts called in this step, anywhere in the warning's area. */
  postKinds: z.array(z.string()).min(1).max(20),
  /** Seconds after the warning is sent that this step starts. */
  startAfterSeconds: seconds,
  /** The channel ladder: each channel is tried this many seconds after the step starts. */
  channels: z
    .array(z.object({ channel: z.enum(warningChannels), afterSeconds: seconds }))
    .min(1)
    .max(6),
  /** Silent this long after the step starts: the silence actions run. */
  answerTimeoutSeconds: z
    .number()
    .int()
    .min(30)
    .max(24 * 3600),
  /** Answers that satisfy the step (the rest are no longer chased); null: everyone must answer. */
  answersNeeded: z.number().int().min(1).max(100_000).nullable(),
  onSilence: z.array(z.enum(silenceActions)).max(3),
});
export type CallPlanStep = z.infer<typeof callPlanStep>;

export const callPlanSteps = z.array(callPlanStep).min(1).max(10);

/** In-app at once, SMS after a minute, a voice call after three. */
const inAppThenSmsThenVoice: CallPlanStep['channels'] = [
  { channel: 'app', afterSeconds: 0 },
  { channel: 'sms', afterSeconds: 60 },
  { channel: 'voice', afterSeconds: 180 },
];

/** The plan a county uses when it has none for the warning's kind and level. */
export const defaultCallPlanSteps: CallPlanStep[] = [
  {
    name: '乡镇党政主要负责人和分管负责人',
    postKinds: ['partySecretary', 'townshipHead', 'leaderInCharge', 'officeDirector'],
    startAfterSeconds: 0,
    channels: [
      { channel: 'app', afterSeconds: 0 },
      { channel: 'sms', afterSeconds: 0 },
      { channel: 'voice', afterSeconds: 60 },
    ],
    answerTimeoutSeconds: 300,
    answersNeeded: null,
    onSilence: ['superior', 'dutyLeader'],
  },
  {
    name: '村（社区）主要负责人和应急专干',
    postKinds: ['villageHead', 'villageStaff', 'informant'],
    startAfterSeconds: 0,
    channels: inAppThenSmsThenVoice,
    answerTimeoutSeconds: 300,
    answersNeeded: null,
    onSilence: ['superior', 'dutyLeader'],
  },
  {
    name: '网格长和网格员',
    postKinds: ['gridHead', 'gridWorker'],
    startAfterSeconds: 0,
    channels: inAppThenSmsThenVoice,
    answerTimeoutSeconds: 300,
    answersNeeded: null,
    onSilence: ['superior', 'dutyLeader', 'doorToDoor'],
  },
];

/**
 * Whom a silent holder of a post is escalated to (上级): the next post up in the same grid,
 * village or township. The first kind found there is called.
 */
export const superiorPosts: Partial<
  Record<PostKind, readonly { kind: PostKind; at: 'grid' | 'village' | 'township' }[]>
> = {
  gridWorker: [
    { kind: 'gridHead', at: 'grid' },
    { kind: 'villageHead', at: 'village' },
  ],
  gridHead: [{ kind: 'villageHead', at: 'village' }],
  villageStaff: [{ kind: 'villageHead', at: 'village' }],
  informant: [{ kind: 'villageHead', at: 'village' }],
  villageHead: [
    { kind: 'leaderInCharge', at: 'township' },
    { kind: 'townshipHead', at: 'township' },
  ],
  officeDirector: [{ kind: 'leaderInCharge', at: 'township' }],
  leaderInCharge: [{ kind: 'townshipHead', at: 'township' }],
  townshipHead: [{ kind: 'partySecretary', at: 'township' }],
};

/** The colour of a level in the UI and in exports. */
export const warningLevelColours: Record<WarningLevel, string> = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#fadb14',
  blue: '#1677ff',
};

/**
 * The national platform's meteorological event types (11B codes) confirmed in three independent
 * sources (reference.md §1.2), named in Chinese: the default name of a warning that carries only
 * its code. Other codes keep the warning's own headline.
 */
export const nationalEventTypeNames: Readonly<Record<string, string>> = {
  '11B01': '台风',
  '11B03': '暴雨',
  '11B04': '暴雪',
  '11B05': '寒潮',
  '11B06': '大风',
  '11B07': '沙尘暴',
  '11B09': '高温',
  '11B14': '雷电',
  '11B15': '冰雹',
  '11B16': '霜冻',
  '11B17': '大雾',
  '11B19': '霾',
  '11B20': '雷雨大风',
  '11B21': '道路结冰',
  '11B22': '干旱',
};
