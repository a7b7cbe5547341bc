/**
 * The staffing rules engine (配备情况): counts the people holding each post in every township,
 * village and grid and lists each place where a configured rule is broken. Pure: the report is
 * computed live from the current posts, never stored.
 */
import {
  officePostKinds,
  type GridKind,
  type PostKind,
  type Shortfall,
  type StaffingPlace,
  type StaffingReport,
  type StaffingRule,
  type StaffingRuleCode,
  type StaffingRules,
} from '@lastmile/shared';

export interface StaffingRegion {
  code: string;
  name: string;
  level: 'township' | 'village';
  parentCode: string;
  households: number | null;
}

export interface StaffingGrid {
  id: string;
  regionCode: string;
  name: string;
  kind: GridKind;
  households: number | null;
}

export interface StaffingPost {
  kind: PostKind;
  regionCode: string;
  gridId: string | null;
  personId: string;
}

export interface StaffingInput {
  regions: StaffingRegion[];
  grids: StaffingGrid[];
  posts: StaffingPost[];
}

/** Township rules and the count each one checks. */
const townshipRules: [StaffingRuleCode, string][] = [
  ['townshipOfficeStaff', 'officeStaffTotal'],
  ['townshipPartySecretary', 'partySecretary'],
  ['townshipHead', 'townshipHead'],
  ['townshipLeaderInCharge', 'leaderInCharge'],
  ['townshipOfficeDirector', 'officeDirector'],
  ['townshipHqCommander', 'hqCommander'],
  ['jurongOfficeDirector', 'officeDirector'],
  ['jurongStandingDeputy', 'standingDeputy'],
  ['jurongFullTimeDeputy', 'fullTimeDeputy'],
  ['jurongSafetySupervisor', 'safetySupervisor'],
  ['jurongFireSupervisor', 'fireSupervisor'],
];
const villageRules: [StaffingRuleCode, string][] = [
  ['villageStaff', 'villageStaff'],
  ['villageInformant', 'informant'],
  ['villageGrids', 'grids'],
];

/** True when the rule applies and the number falls outside its bounds. */
export function breaks(rule: StaffingRule, actual: number): boolean {
  return (
    rule.enabled &&
    ((rule.min !== null && actual < rule.min) || (rule.max !== null && actual > rule.max))
  );
}

/** Distinct people per post kind, for the posts given. */
function countPeople(posts: StaffingPost[]): Record<string, number> {
  const people = new Map<string, Set<string>>();
  const add = (key: string, personId: string) => {
    let set = people.get(key);
    if (!set) {
      set = new Set();
      people.set(key, set);
    }
    set.add(personId);
  };
  for (const post of posts) {
    add(post.kind, post.personId);
    if (officePostKinds.includes(post.kind)) {
      add('officeStaffTotal', post.personId);
    }
  }
  return Object.fromEntries([...people].map(([key, set]) => [key, set.size]));
}

function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) {
      continue;
    }
    const group = groups.get(k);
    if (group) {
      group.push(item);
    } else {
      groups.set(k, [item]);
    }
  }
  return groups;
}

export function computeStaffing(
  input: StaffingInput,
  rules: StaffingRules,
): Pick<StaffingReport, 'places' | 'totals'> {
  const regionPosts = groupBy(input.posts, (post) =>
    post.gridId === null ? post.regionCode : null,
  );
  const gridPosts = groupBy(input.posts, (post) => post.gridId);
  const villageGrids = groupBy(input.grids, (grid) => grid.regionCode);
  const shortfall = (
    code: StaffingRuleCode,
    regionCode: string,
    actual: number,
    extra: Partial<Shortfall> = {},
  ): Shortfall => ({
    rule: code,
    regionCode,
    gridId: null,
    gridName: null,
    min: rules[code].min,
    max: rules[code].max,
    actual,
    expected: null,
    ...extra,
  });

  const places: StaffingPlace[] = [];
  for (const region of input.regions) {
    const counts = countPeople(regionPosts.get(region.code) ?? []);
    const shortfalls: Shortfall[] = [];
    if (region.level === 'township') {
      for (const [code, key] of townshipRules) {
        const actual = counts[key] ?? 0;
        if (breaks(rules[code], actual)) {
          shortfalls.push(shortfall(code, region.code, actual));
        }
      }
    } else {
      const grids = villageGrids.get(region.code) ?? [];
      counts.grids = grids.length;
      for (const [code, key] of villageRules) {
        const actual = counts[key] ?? 0;
        if (breaks(rules[code], actual)) {
          shortfalls.push(shortfall(code, region.code, actual));
        }
      }
      shortfalls.push(...gridShortfalls(grids, gridPosts, rules, shortfall));
      const coverage = checkCoverage(region, grids, rules.gridCoverage);
      if (coverage) {
        shortfalls.push(
          shortfall('gridCoverage', region.code, coverage.actual, { expected: coverage.expected }),
        );
      }
      counts.gridHouseholds = grids.reduce((sum, grid) => sum + (grid.households ?? 0), 0);
    }
    places.push({
      regionCode: region.code,
      name: region.name,
      level: region.level,
      parentCode: region.parentCode,
      counts,
      shortfalls,
    });
  }

  const townships = places.filter((place) => place.level === 'township');
  const villages = places.filter((place) => place.level === 'village');
  return {
    places,
    totals: {
      townships: townships.length,
      villages: villages.length,
      grids: input.grids.length,
      compliantTownships: townships.filter((place) => place.shortfalls.length === 0).length,
      compliantVillages: villages.filter((place) => place.shortfalls.length === 0).length,
      shortfalls: places.reduce((sum, place) => sum + place.shortfalls.length, 0),
    },
  };
}

function gridShortfalls(
  grids: StaffingGrid[],
  gridPosts: Map<string, StaffingPost[]>,
  rules: StaffingRules,
  shortfall: (
    code: StaffingRuleCode,
    regionCode: string,
    actual: number,
    extra?: Partial<Shortfall>,
  ) => Shortfall,
): Shortfall[] {
  const found: Shortfall[] = [];
  for (const grid of grids) {
    const at = { gridId: grid.id, gridName: grid.name };
    const staff = new Set(
      (gridPosts.get(grid.id) ?? [])
        .filter((post) => post.kind === 'gridHead' || post.kind === 'gridWorker')
        .map((post) => post.personId),
    ).size;
    if (breaks(rules.gridStaff, staff)) {
      found.push(shortfall('gridStaff', grid.regionCode, staff, at));
    }
    if (
      grid.kind === 'communityBlock' &&
      grid.households !== null &&
      breaks(rules.communityGridHouseholds, grid.households)
    ) {
      found.push(shortfall('communityGridHouseholds', grid.regionCode, grid.households, at));
    }
  }
  return found;
}

/**
 * "划全分净": when the village's household count is known, its grids' households must add up to
 * it. A grid without a count leaves the village uncovered as far as anyone can tell.
 */
export function checkCoverage(
  region: StaffingRegion,
  grids: StaffingGrid[],
  rule: StaffingRule,
): { actual: number; expected: number } | null {
  if (!rule.enabled || region.households === null || grids.length === 0) {
    return null;
  }
  const actual = grids.reduce((sum, grid) => sum + (grid.households ?? 0), 0);
  const complete = grids.every((grid) => grid.households !== null);
  return complete && actual === region.households ? null : { actual, expected: region.households };
}
