/**
 * The grid workers' field app (网格员离线应用): the commands its outbox carries, what a
 * door-to-door visit finds at each household, and how the server answers a pushed command.
 */
import type { Role } from './enums';
import type { HazardGrade, HazardKind } from './hazards';

/** Who works in the field app: grid workers, village staff and township staff on patrol. */
export const fieldRoles: readonly Role[] = [
  'grid_worker',
  'village_staff',
  'township_staff',
  'township_admin',
];

/** Who keeps a grid's households: the office and village staff, and the grid's own worker. */
export const householdEditorRoles: readonly Role[] = [
  'county_admin',
  'county_staff',
  'township_admin',
  'township_staff',
  'village_staff',
  'grid_worker',
];

/**
 * What a grid worker can do offline, each a command with a client UUIDv7 (its idempotency key):
 * patrols (巡查) and their check-ins, hazard reports and the loop steps of hazards in their hands,
 * answers to warnings (叫应) and the actions taken, and door-to-door visits (敲门入户).
 */
export const fieldCommandKinds = [
  'patrol.start',
  'patrol.checkIn',
  'patrol.finish',
  'hazard.report',
  'hazard.transition',
  'warning.answer',
  'warning.actions',
  'doorToDoor.visit',
  'doorToDoor.finish',
] as const;
export type FieldCommandKind = (typeof fieldCommandKinds)[number];

/**
 * How the server answered a command: `applied` now; `duplicate` (this id was applied before:
 * nothing changed, the first answer is repeated); `conflict` (the record moved on meanwhile, e.g.
 * the hazard is no longer in the state the worker saw); `rejected` (the command can never apply:
 * out of scope, invalid). Conflicts and rejections come back inside a 2xx, so the queue never jams.
 */
export const syncOutcomes = ['applied', 'duplicate', 'conflict', 'rejected'] as const;
export type SyncOutcome = (typeof syncOutcomes)[number];

/** A check-in at a risk point: all in order (`normal`), or a hazard found there. */
export const checkInResults = ['normal', 'hazardFound'] as const;
export type CheckInResult = (typeof checkInResults)[number];

/** A patrol's outcome: `nothingFound` (巡查无异常) is a valid result. */
export const patrolResults = ['nothingFound', 'hazardsFound'] as const;
export type PatrolResult = (typeof patrolResults)[number];

/** What a door-to-door visit found at one household: 已告知, 无人在家, 已转移, 需协助转移. */
export const doorToDoorResults = ['told', 'away', 'moved', 'needsHelp'] as const;
export type DoorToDoorResult = (typeof doorToDoorResults)[number];

/** How long a signed-in phone stays usable with no network (days), unless configured. */
export const defaultFieldOfflineDays = 14;

/** Most commands one push may carry; a longer outbox is pushed in several. */
export const maxCommandsPerPush = 200;

/**
 * 短信兜底 (SMS fallback) grammar, for a phone with no data at all. Messages to the gateway number:
 * - `1`, `收到` or a warning's 4-digit short code: answer the open warning call (叫应);
 * - `YH <kind> <grade> <text>`: report a hazard, e.g. `YH 火灾 一般 3组仓库电线老化`;
 * - `XC` (or `XC <text>`): a patrol with nothing found (巡查无异常).
 * Kind words map to hazard kinds; grade words are 一般/重大 (or 1/2).
 */
export const smsHazardPrefix = 'YH';
export const smsPatrolPrefix = 'XC';

/**
 * Words a worker may text for a hazard's kind (besides the kinds' own names in `hazardLabels`):
 * short, everyday ones that fit on a keypad.
 */
export const smsHazardKindWords: Readonly<Record<string, HazardKind>> = {
  火: 'fire',
  火灾: 'fire',
  电: 'electrical',
  电气: 'electrical',
  气: 'gas',
  煤气: 'gas',
  液化气: 'gas',
  危化: 'hazardousChemicals',
  危化品: 'hazardousChemicals',
  房: 'building',
  房屋: 'building',
  危房: 'building',
  施工: 'construction',
  工地: 'construction',
  设备: 'specialEquipment',
  电梯: 'specialEquipment',
  交通: 'roadTraffic',
  道路: 'roadTraffic',
  地灾: 'geological',
  滑坡: 'geological',
  塌方: 'geological',
  泥石流: 'geological',
  水: 'flood',
  洪水: 'flood',
  内涝: 'flood',
  积水: 'flood',
  山火: 'forestFire',
  林火: 'forestFire',
  人群: 'crowd',
  其它: 'other',
};

/** Grade words: 一般/1 is a general hazard, 重大/2 a suspected major one (graded by the office). */
export const smsHazardGradeWords: Readonly<Record<string, HazardGrade>> = {
  一般: 'general',
  '1': 'general',
  重大: 'major',
  '2': 'major',
};
