/**
 * The staffing rules with the seed documents' numbers: 3–5 office staff (000/004), 2–3 village
 * staff (004), ≥ 1 emergency person per grid (004), 300–500 households per community grid (004),
 * "划全分净" (004), an information reporter per village (002), the 句容 "五专" layout (003).
 */
import { describe, expect, it } from 'vitest';
import {
  defaultStaffingRules,
  jurongProfile,
  mergeStaffingRules,
  type PostKind,
  type StaffingRuleCode,
} from '@lastmile/shared';
import {
  breaks,
  checkCoverage,
  computeStaffing,
  type StaffingInput,
  type StaffingPost,
} from './staffing';

const township = {
  code: '421321101000',
  name: '厉山镇',
  level: 'township' as const,
  parentCode: '421321000000',
  households: null,
};
const village = {
  code: '421321101200',
  name: '星亮村',
  level: 'village' as const,
  parentCode: township.code,
  households: null,
};

let people = 0;
/** `count` new people holding a post. */
function holders(
  kind: PostKind,
  count: number,
  regionCode: string,
  gridId: string | null = null,
): StaffingPost[] {
  return Array.from({ length: count }, () => ({
    kind,
    regionCode,
    gridId,
    personId: `p${(people += 1)}`,
  }));
}

/** A township and village that meet every default rule. */
function compliant(): StaffingInput {
  return {
    regions: [township, village],
    grids: [
      { id: 'g1', regionCode: village.code, name: '一组', kind: 'villagerGroup', households: 120 },
    ],
    posts: [
      ...holders('partySecretary', 1, township.code),
      ...holders('townshipHead', 1, township.code),
      ...holders('leaderInCharge', 1, township.code),
      ...holders('hqCommander', 1, township.code),
      ...holders('officeDirector', 1, township.code),
      ...holders('officeStaff', 2, township.code),
      ...holders('villageStaff', 2, village.code),
      ...holders('informant', 1, village.code),
      ...holders('gridWorker', 1, village.code, 'g1'),
    ],
  };
}

const rulesOf = (input: StaffingInput, rules = defaultStaffingRules) =>
  computeStaffing(input, rules).places.flatMap((place) => place.shortfalls.map((s) => s.rule));

describe('staffing rules engine', () => {
  it('finds nothing wrong with a place that meets the seeds', () => {
    const report = computeStaffing(compliant(), defaultStaffingRules);
    expect(report.totals).toMatchObject({
      townships: 1,
      villages: 1,
      grids: 1,
      compliantTownships: 1,
      compliantVillages: 1,
      shortfalls: 0,
    });
  });

  it('wants at least 3 office staff, counting a person with two office posts once', () => {
    const input = compliant();
    input.posts = input.posts.filter((post) => post.kind !== 'officeStaff');
    const director = input.posts.find((post) => post.kind === 'officeDirector')!;
    input.posts.push(
      { ...director, kind: 'safetySupervisor' },
      ...holders('fireSupervisor', 1, township.code),
    );
    const [place] = computeStaffing(input, defaultStaffingRules).places;
    expect(place!.counts.officeStaffTotal).toBe(2);
    expect(place!.shortfalls).toEqual([
      expect.objectContaining({ rule: 'townshipOfficeStaff', min: 3, actual: 2 }),
    ]);
    input.posts.push(...holders('officeStaff', 1, township.code));
    expect(rulesOf(input)).toEqual([]);
  });

  it('names each missing leader post of the township', () => {
    const input = compliant();
    input.posts = input.posts.filter(
      (post) =>
        !['partySecretary', 'townshipHead', 'leaderInCharge', 'hqCommander'].includes(post.kind),
    );
    expect(rulesOf(input)).toEqual([
      'townshipPartySecretary',
      'townshipHead',
      'townshipLeaderInCharge',
      'townshipHqCommander',
    ]);
  });

  it('wants 2 village staff, an informant and a grid in every village', () => {
    const input = compliant();
    input.posts = input.posts.filter((post) => post.kind !== 'informant');
    input.posts.splice(
      input.posts.findIndex((post) => post.kind === 'villageStaff'),
      1,
    );
    expect(rulesOf(input)).toEqual(['villageStaff', 'villageInformant']);
    input.grids = [];
    input.posts = input.posts.filter((post) => post.gridId === null);
    expect(rulesOf(input)).toEqual(['villageStaff', 'villageInformant', 'villageGrids']);
  });

  it('wants one grid head or worker per grid', () => {
    const input = compliant();
    input.posts = input.posts.filter((post) => post.gridId === null);
    expect(computeStaffing(input, defaultStaffingRules).places[1]!.shortfalls).toEqual([
      expect.objectContaining({
        rule: 'gridStaff',
        gridId: 'g1',
        gridName: '一组',
        actual: 0,
        min: 1,
      }),
    ]);
    input.posts.push(...holders('gridHead', 1, village.code, 'g1'));
    expect(rulesOf(input)).toEqual([]);
  });

  it('keeps community grids between 300 and 500 households, and judges only known counts', () => {
    const input = compliant();
    const grid = input.grids[0]!;
    grid.kind = 'communityBlock';
    for (const [households, broken] of [
      [299, true],
      [300, false],
      [500, false],
      [501, true],
      [null, false],
    ] as const) {
      grid.households = households;
      expect(rulesOf(input).includes('communityGridHouseholds'), `households ${households}`).toBe(
        broken,
      );
    }
    grid.kind = 'villagerGroup';
    grid.households = 40;
    expect(rulesOf(input)).toEqual([]);
  });

  it('checks that grid households add up to the village (划全分净) once the village count is known', () => {
    const rule = defaultStaffingRules.gridCoverage;
    const grids = [
      {
        id: 'a',
        regionCode: village.code,
        name: '一组',
        kind: 'villagerGroup' as const,
        households: 100,
      },
      {
        id: 'b',
        regionCode: village.code,
        name: '二组',
        kind: 'villagerGroup' as const,
        households: 150,
      },
    ];
    expect(checkCoverage(village, grids, rule)).toBeNull();
    expect(checkCoverage({ ...village, households: 250 }, grids, rule)).toBeNull();
    expect(checkCoverage({ ...village, households: 260 }, grids, rule)).toEqual({
      actual: 250,
      expected: 260,
    });
    const unknown = [grids[0]!, { ...grids[1]!, households: null }];
    expect(checkCoverage({ ...village, households: 100 }, unknown, rule)).toEqual({
      actual: 100,
      expected: 100,
    });
  });

  it('applies the 句容 "五专" layout only when the profile is on', () => {
    const input = compliant();
    expect(rulesOf(input)).toEqual([]);
    const jurong = mergeStaffingRules(jurongProfile);
    const jurongRules: StaffingRuleCode[] = [
      'jurongStandingDeputy',
      'jurongFullTimeDeputy',
      'jurongSafetySupervisor',
      'jurongFireSupervisor',
    ];
    expect(rulesOf(input, jurong)).toEqual(jurongRules);
    input.posts.push(
      ...holders('standingDeputy', 1, township.code),
      ...holders('fullTimeDeputy', 1, township.code),
      ...holders('safetySupervisor', 3, township.code),
      ...holders('fireSupervisor', 2, township.code),
    );
    expect(rulesOf(input, jurong)).toEqual([]);
    input.posts.push(
      ...holders('fireSupervisor', 1, township.code),
      ...holders('officeDirector', 1, township.code),
    );
    expect(rulesOf(input, jurong)).toEqual(['jurongOfficeDirector', 'jurongFireSupervisor']);
  });

  it('lets a province or county override numbers and switch rules off, wider first', () => {
    const province = { townshipOfficeStaff: { min: 5 }, villageInformant: { enabled: false } };
    const county = { townshipOfficeStaff: { min: 4 } };
    const rules = mergeStaffingRules(province, county);
    expect(rules.townshipOfficeStaff).toEqual({ enabled: true, min: 4, max: null });
    expect(rules.villageInformant.enabled).toBe(false);
    expect(defaultStaffingRules.townshipOfficeStaff.min).toBe(3);
    expect(breaks({ enabled: false, min: 10, max: null }, 0)).toBe(false);
  });
});
