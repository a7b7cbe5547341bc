/**
 * Hazards (隐患) and their closed loop (隐患闭环): the states, the actions that move a hazard
 * between them, who may take each action, and the county settings (deadlines by grade, the
 * supervision ladder, judging standards, summons response time, report rewards). Shared so that
 * the server enforces and the web app offers exactly the same transitions.
 */
import { z } from 'zod';
import type { Role } from './enums';

/** Where a hazard was found (隐患来源, the sources of 一单四制's list). */
export const hazardOrigins = [
  'gridPatrol',
  'officeInspection',
  'unitSelfCheck',
  'publicReport',
  'departmentReferral',
  'higherAssignment',
] as const;
export type HazardOrigin = (typeof hazardOrigins)[number];

/** Kinds of hazard (隐患类别), production safety and natural disaster alike (seed 002). */
export const hazardKinds = [
  'fire',
  'electrical',
  'gas',
  'hazardousChemicals',
  'building',
  'construction',
  'specialEquipment',
  'roadTraffic',
  'geological',
  'flood',
  'forestFire',
  'crowd',
  'other',
] as const;
export type HazardKind = (typeof hazardKinds)[number];

/** 一般隐患 / 重大隐患 (安监总局令第16号 第3条). */
export const hazardGrades = ['general', 'major'] as const;
export type HazardGrade = (typeof hazardGrades)[number];

/**
 * States of the closed loop: 上报 → 核实 (或驳回/合并) → 交办(五定) → 整改中 → 待验收 → 已验收 → 销号.
 * `rejected`, `merged` and `closed` are final.
 */
export const hazardStates = [
  'reported',
  'verified',
  'rejected',
  'merged',
  'assigned',
  'rectifying',
  'submitted',
  'accepted',
  'closed',
] as const;
export type HazardState = (typeof hazardStates)[number];

/** States in which a hazard is still open (counts in the ledger's 未整改). */
export const openHazardStates: readonly HazardState[] = [
  'reported',
  'verified',
  'assigned',
  'rectifying',
  'submitted',
  'accepted',
];
/** States in which the rectification deadline runs: passing it makes the hazard overdue. */
export const deadlineHazardStates: readonly HazardState[] = ['assigned', 'rectifying'];

export const hazardActions = [
  'verify',
  'reject',
  'merge',
  'assign',
  'startRectification',
  'submit',
  'accept',
  'failAcceptance',
  'close',
] as const;
export type HazardAction = (typeof hazardActions)[number];

const office: readonly Role[] = [
  'county_admin',
  'county_staff',
  'township_admin',
  'township_staff',
];
const rectifiers: readonly Role[] = [...office, 'department', 'village_staff', 'grid_worker'];

/**
 * The state machine: for each action, the states it may start from, the state it leads to, and
 * the roles that may take it. A department user acts only on hazards whose summons it accepted;
 * a village may accept a general hazard but never a major one, and only the county (or the
 * owning department) closes a major hazard (一单四制 销号).
 */
export const hazardTransitions: Record<
  HazardAction,
  {
    from: readonly HazardState[];
    to: HazardState;
    roles: readonly Role[];
    /** Narrower roles for major hazards, where they differ. */
    majorRoles?: readonly Role[];
  }
> = {
  verify: { from: ['reported'], to: 'verified', roles: office },
  reject: { from: ['reported'], to: 'rejected', roles: office },
  merge: { from: ['reported', 'verified'], to: 'merged', roles: office },
  assign: { from: ['verified', 'assigned'], to: 'assigned', roles: [...office, 'department'] },
  startRectification: { from: ['assigned'], to: 'rectifying', roles: rectifiers },
  submit: { from: ['assigned', 'rectifying'], to: 'submitted', roles: rectifiers },
  accept: {
    from: ['submitted'],
    to: 'accepted',
    roles: [...office, 'department', 'village_staff'],
    majorRoles: [...office, 'department'],
  },
  failAcceptance: {
    from: ['submitted'],
    to: 'rectifying',
    roles: [...office, 'department', 'village_staff'],
    majorRoles: [...office, 'department'],
  },
  close: {
    from: ['accepted'],
    to: 'closed',
    roles: office,
    majorRoles: ['county_admin', 'county_staff', 'department'],
  },
};

/** Roles that may take an action on a hazard of this grade. */
export function hazardActionRoles(action: HazardAction, grade: HazardGrade): readonly Role[] {
  const rule = hazardTransitions[action];
  return grade === 'major' ? (rule.majorRoles ?? rule.roles) : rule.roles;
}

/** The actions a role may take on a hazard in this state (before scope and ownership checks). */
export function allowedHazardActions(
  state: HazardState,
  grade: HazardGrade,
  role: Role,
): HazardAction[] {
  return hazardActions.filter(
    (action) =>
      hazardTransitions[action].from.includes(state) &&
      hazardActionRoles(action, grade).includes(role),
  );
}

/** Who may report a hazard (every signed-in role inside its scope). */
export const hazardReporterRoles: readonly Role[] = [
  ...office,
  'department',
  'village_staff',
  'grid_worker',
];
/** Who reviews public reports, summons departments, inspects and draws random inspections. */
export const hazardOfficeRoles = office;

/** Outcome of one checklist item in an inspection. */
export const checklistResults = ['pass', 'fail', 'notApplicable'] as const;
export type ChecklistResult = (typeof checklistResults)[number];

/** Default checklist (检查表) used when a category has none of its own. */
export const defaultChecklist: string[] = [
  '安全生产责任制和管理制度是否建立并落实',
  '主要负责人和安全管理人员是否经过培训',
  '消防设施器材是否完好有效，疏散通道、安全出口是否畅通',
  '电气线路是否规范敷设，有无私拉乱接',
  '危险物品储存使用是否符合规定',
  '是否存在“三合一”、违规住人等情况',
  '应急预案是否编制并组织演练',
  '隐患排查治理台账是否建立',
];

/** Seeded checklists for some categories (county admins edit them). */
export const defaultChecklists: Record<string, string[]> = {
  smallRestaurant: [
    '燃气管道、阀门、软管是否完好，是否安装可燃气体报警装置',
    '厨房排油烟管道是否定期清洗',
    '灭火器、灭火毯是否配置并在有效期内',
    '疏散通道、安全出口是否畅通',
    '电气线路有无私拉乱接',
  ],
  selfBuiltHouse: [
    '房屋有无擅自加层、改变结构',
    '是否经过安全鉴定',
    '疏散楼梯、安全出口是否满足要求',
    '电动自行车有无室内停放、充电',
    '消防设施器材是否配置',
  ],
  constructionSite: [
    '深基坑、高支模、起重机械是否按方案施工',
    '特种作业人员是否持证上岗',
    '临边洞口防护是否到位',
    '施工用电是否“三级配电、两级保护”',
    '安全帽、安全带等防护用品是否佩戴',
  ],
};

// ---------------------------------------------------------------- settings

/** A judging standard for major hazards (重大事故隐患判定标准) of one or more sectors. */
export const hazardStandard = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_-]{1,32}$/, 'letters, digits, - or _'),
  name: z.string().trim().min(1).max(200),
});
export type HazardStandard = z.infer<typeof hazardStandard>;

/** The standards named in domain reference §5; counties add, rename or drop. */
export const defaultHazardStandards: HazardStandard[] = [
  { code: 'industryTrade2023', name: '《工贸企业重大事故隐患判定标准》(应急管理部令第10号)' },
  {
    code: 'chemicals2017',
    name: '《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准(试行)》(安监总管三〔2017〕121号)',
  },
  {
    code: 'fireworks2017',
    name: '《烟花爆竹生产经营单位重大生产安全事故隐患判定标准(试行)》(安监总管三〔2017〕121号)',
  },
  { code: 'fire2025', name: 'GB 35181-2025《重大火灾隐患判定规则》' },
  {
    code: 'construction2024',
    name: '《房屋市政工程生产安全重大事故隐患判定标准(2024版)》(建质规〔2024〕5号)',
  },
  { code: 'gas2023', name: '《城镇燃气经营安全重大隐患判定标准》(建城规〔2023〕4号)' },
  { code: 'mine2022', name: '《金属非金属矿山重大事故隐患判定标准》(矿安〔2022〕88号)' },
  { code: 'coalMine', name: '《煤矿重大事故隐患判定标准》(应急管理部令第4号)' },
  {
    code: 'explosives2024',
    name: '《民用爆炸物品生产、销售企业重大事故隐患判定标准》(工信部安全〔2024〕234号)',
  },
  { code: 'other', name: '其他行业领域判定标准（由县级行业主管部门认定）' },
];

/**
 * The supervision ladder (督办): how long after the deadline each rung is notified. Rung 1 the
 * responsible person, rung 2 the township's leader in charge (分管领导), rung 3 the county office.
 */
export const supervisionRungs = ['responsible', 'townshipLeader', 'county'] as const;
export type SupervisionRung = (typeof supervisionRungs)[number];

const hours = z
  .number()
  .int()
  .min(0)
  .max(24 * 365);
const days = z.number().int().min(1).max(3650);

export const hazardSettings = z.object({
  /** Default rectification deadline (days from assignment) by grade. */
  deadlineDays: z.object({ general: days, major: days }),
  /** Hours after the deadline at which each rung of the ladder is notified, in order. */
  supervisionHours: z
    .object({ responsible: hours, townshipLeader: hours, county: hours })
    .refine(
      (value) => value.responsible <= value.townshipLeader && value.townshipLeader <= value.county,
      {
        message: 'each rung comes no earlier than the one before',
      },
    ),
  /** How long a summoned department has to answer (报到) before the county office is told. */
  summonsResponseHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  /** Reward (元) recorded when a public report is verified, by grade; 0 records none. */
  rewardYuan: z.object({
    general: z.number().int().min(0).max(1_000_000),
    major: z.number().int().min(0).max(1_000_000),
  }),
  standards: z
    .array(hazardStandard)
    .min(1)
    .max(100)
    .refine(
      (list) => new Set(list.map((item) => item.code)).size === list.length,
      'codes must be unique',
    ),
  /** Inspection checklists (检查表) by unit category code; others use `defaultChecklist`. */
  checklists: z.record(
    z.string().regex(/^[a-zA-Z0-9_-]{1,32}$/),
    z.array(z.string().trim().min(1).max(300)).min(1).max(100),
  ),
  /** Public reports accepted from one address per hour (abuse limit). */
  publicReportsPerHour: z.number().int().min(1).max(1000),
});
export type HazardSettings = z.infer<typeof hazardSettings>;

/** Defaults: general hazards 30 days, major 90 days (set per county); one day per rung. */
export const defaultHazardSettings: HazardSettings = {
  deadlineDays: { general: 30, major: 90 },
  supervisionHours: { responsible: 0, townshipLeader: 24, county: 72 },
  summonsResponseHours: 24,
  rewardYuan: { general: 100, major: 1000 },
  standards: defaultHazardStandards,
  checklists: defaultChecklists,
  publicReportsPerHour: 5,
};

/** A county's (or province's) change to the defaults: any subset of the fields. */
export const hazardSettingsOverride = hazardSettings.partial();
export type HazardSettingsOverride = z.infer<typeof hazardSettingsOverride>;

export function mergeHazardSettings(overrides: readonly HazardSettingsOverride[]): HazardSettings {
  return overrides.reduce<HazardSettings>(
    (merged, override) => ({
      ...merged,
      ...Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined)),
    }),
    defaultHazardSettings,
  );
}

/** Summons (吹哨) states: waiting for the department, answered, or passed up for silence. */
export const summonsStates = [
  'pending',
  'accepted',
  'transferred',
  'declined',
  'escalated',
] as const;
export type SummonsState = (typeof summonsStates)[number];
export const summonsResponses = ['accept', 'transfer', 'decline'] as const;
export type SummonsResponse = (typeof summonsResponses)[number];

/** Public report (举报) states as the reporter sees them by receipt code. */
export const publicReportStates = ['received', 'verified', 'rejected'] as const;
export type PublicReportState = (typeof publicReportStates)[number];
