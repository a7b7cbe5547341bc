/** Region levels of the statistical division code, top to bottom. */
export const regionLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/**
 * How many leading digits of the 12-digit code identify a region of each level.
 * A scope is the set of codes starting with that prefix.
 */
export const regionPrefixLength: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

/**
 * Roles, from the widest duties to the narrowest. Every user also has one scope region;
 * the role says what they may do, the scope where.
 */
export const roles = [
  'county_admin',
  'county_staff',
  'department',
  'township_admin',
  'township_staff',
  'village_staff',
  'grid_worker',
] as const;
export type Role = (typeof roles)[number];

/** Roles that may manage user accounts (inside their own scope only). */
export const adminRoles: readonly Role[] = ['county_admin', 'township_admin'];

/**
 * Which roles an administrator may hand out. A township admin cannot create county users or
 * departments, whatever scope they pick.
 */
export const grantableRoles: Record<Role, readonly Role[]> = {
  county_admin: roles,
  township_admin: ['township_admin', 'township_staff', 'village_staff', 'grid_worker'],
  county_staff: [],
  department: [],
  township_staff: [],
  village_staff: [],
  grid_worker: [],
};

/** The shallowest region level each role may be scoped to. */
export const roleMinScopeLevel: Record<Role, RegionLevel> = {
  county_admin: 'province',
  county_staff: 'province',
  department: 'province',
  township_admin: 'township',
  township_staff: 'township',
  village_staff: 'village',
  grid_worker: 'village',
};

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

/** Kinds of grid (网格): a villager group in a village, a block of 300–500 households in a community. */
export const gridKinds = ['villagerGroup', 'communityBlock', 'other'] as const;
export type GridKind = (typeof gridKinds)[number];

/**
 * Posts (岗位) a person may hold. Township posts follow seeds 000/003/004 (第一责任人, 分管,
 * the office's 五专 layout, the command HQ); village and grid posts follow seeds 002/004.
 */
export const postKinds = [
  'partySecretary',
  'townshipHead',
  'leaderInCharge',
  'officeDirector',
  'standingDeputy',
  'fullTimeDeputy',
  'safetySupervisor',
  'fireSupervisor',
  'officeStaff',
  'hqCommander',
  'hqDeputyCommander',
  'hqMember',
  'villageHead',
  'villageStaff',
  'informant',
  'gridHead',
  'gridWorker',
] as const;
export type PostKind = (typeof postKinds)[number];

/** Where a post may sit: a region of these levels, or (for `grid`) a grid inside a village. */
export type PostPlace = 'county' | 'township' | 'village' | 'grid';
export const postPlaces: Record<PostKind, readonly PostPlace[]> = {
  partySecretary: ['township'],
  townshipHead: ['township'],
  leaderInCharge: ['county', 'township'],
  officeDirector: ['township'],
  standingDeputy: ['township'],
  fullTimeDeputy: ['township'],
  safetySupervisor: ['township'],
  fireSupervisor: ['township'],
  officeStaff: ['township'],
  hqCommander: ['county', 'township'],
  hqDeputyCommander: ['county', 'township'],
  hqMember: ['county', 'township'],
  villageHead: ['village'],
  villageStaff: ['village'],
  informant: ['village'],
  gridHead: ['grid'],
  gridWorker: ['grid'],
};

/** Posts that make up the township emergency office's staff (应急办工作人员, 3–5 by default). */
export const officePostKinds: readonly PostKind[] = [
  'officeDirector',
  'standingDeputy',
  'fullTimeDeputy',
  'safetySupervisor',
  'fireSupervisor',
  'officeStaff',
];

/** Posts that get a duty card (责任卡, seed 004). */
export const dutyCardPostKinds = ['gridHead', 'gridWorker'] as const;
export type DutyCardPostKind = (typeof dutyCardPostKinds)[number];

export const expertAvailabilities = ['available', 'busy', 'unavailable'] as const;
export type ExpertAvailability = (typeof expertAvailabilities)[number];

/** Who may maintain grids, people and posts (inside their own scope). */
export const orgEditorRoles: readonly Role[] = [
  'county_admin',
  'county_staff',
  'township_admin',
  'township_staff',
  'village_staff',
];
/** Who may keep the duty roster (值班表) of a township or the county. */
export const dutyEditorRoles: readonly Role[] = ['county_admin', 'county_staff', 'township_admin', 'township_staff'];
/** Who may keep the county's expert pool. */
export const expertEditorRoles: readonly Role[] = ['county_admin', 'county_staff'];
