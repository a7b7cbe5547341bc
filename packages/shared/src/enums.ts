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
