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

// ---------------------------------------------------------------- units and risks (台账 / 风险)

/**
 * Sectors (行业领域) of 三管三必须 (安全生产法 第3条): each is supervised by one county department,
 * named in an editable table (`sectorDepartments`).
 */
export const sectors = [
  'hazardousChemicals',
  'mining',
  'industryTrade',
  'fireworks',
  'construction',
  'gas',
  'roadTransport',
  'fireSafety',
  'specialEquipment',
  'commerce',
  'tourism',
  'education',
  'health',
  'water',
  'geology',
  'forestry',
  'agriculture',
  'housing',
  'other',
] as const;
export type Sector = (typeof sectors)[number];

/** Operating state of a unit (生产经营单位). */
export const unitStatuses = ['operating', 'suspended', 'closed'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

/** Risk levels (风险等级) 重大/较大/一般/低, shown red/orange/yellow/blue (安委办〔2016〕11号). */
export const riskLevels = ['major', 'high', 'general', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const riskLevelColours: Record<RiskLevel, string> = {
  major: '#d9001b',
  high: '#f28500',
  general: '#e6c300',
  low: '#1f6fd1',
};

/** Kinds of risk point (风险点), from the focus places of seeds 001/002. */
export const riskPointKinds = [
  'lowLyingFlood',
  'flashFlood',
  'landslide',
  'collapse',
  'debrisFlow',
  'dyke',
  'reservoir',
  'tailingsDam',
  'forestFire',
  'gasPipeline',
  'bridgeTunnel',
  'crowdedPlace',
  'selfBuiltHouse',
  'undergroundSpace',
  'highRise',
  'constructionSite',
  'hazardousChemicals',
  'other',
] as const;
export type RiskPointKind = (typeof riskPointKinds)[number];

export const riskPointStatuses = ['active', 'eliminated'] as const;
export type RiskPointStatus = (typeof riskPointStatuses)[number];

/** Kinds of hazard source (危险源). A major one (重大危险源) has a grade 1–4 (GB 18218). */
export const hazardSourceKinds = [
  'chemicalStorage',
  'chemicalProcess',
  'fuelStation',
  'lpgStation',
  'gasStorage',
  'explosivesStore',
  'fireworksStore',
  'pressureEquipment',
  'tailingsDam',
  'reservoirDam',
  'dustExplosion',
  'ammoniaRefrigeration',
  'confinedSpace',
  'other',
] as const;
export type HazardSourceKind = (typeof hazardSourceKinds)[number];

/** Who may keep units, hazard sources and risk points (inside their own scope). */
export const ledgerEditorRoles: readonly Role[] = orgEditorRoles;
/** Who may edit the category list and the sector → department table. */
export const ledgerSettingsRoles: readonly Role[] = ['county_admin'];
