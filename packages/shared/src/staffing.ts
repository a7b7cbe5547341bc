import { z } from 'zod';

/**
 * Staffing rules (配备标准) checked live by the staffing report. Each rule has fixed meaning; its
 * numbers and whether it applies are configuration, per province or county, defaulting to the
 * seed documents (see `requirements-from-seeds.md` §1).
 */
export const staffingRuleCodes = [
  // Township (乡镇/街道)
  'townshipOfficeStaff',
  'townshipPartySecretary',
  'townshipHead',
  'townshipLeaderInCharge',
  'townshipOfficeDirector',
  'townshipHqCommander',
  // 句容 "五专" office layout (seed 003), an optional profile
  'jurongOfficeDirector',
  'jurongStandingDeputy',
  'jurongFullTimeDeputy',
  'jurongSafetySupervisor',
  'jurongFireSupervisor',
  // Village (村/社区)
  'villageStaff',
  'villageInformant',
  'villageGrids',
  // Grid (网格)
  'gridStaff',
  'communityGridHouseholds',
  'gridCoverage',
] as const;
export type StaffingRuleCode = (typeof staffingRuleCodes)[number];

export const staffingRule = z.object({
  enabled: z.boolean(),
  min: z.number().int().min(0).max(100_000).nullable(),
  max: z.number().int().min(0).max(100_000).nullable(),
});
export type StaffingRule = z.infer<typeof staffingRule>;
export type StaffingRules = Record<StaffingRuleCode, StaffingRule>;

const rule = (min: number | null, max: number | null = null, enabled = true): StaffingRule => ({
  enabled,
  min,
  max,
});

/** The seeds' numbers. `gridCoverage` ("划全分净") compares sums, so it has no bounds. */
export const defaultStaffingRules: StaffingRules = {
  // 000/004: 每个乡镇应急办至少配备或明确 3–5 名工作人员 — at least 3.
  townshipOfficeStaff: rule(3),
  // 001/002/004: 党政主要负责人是第一责任人.
  townshipPartySecretary: rule(1),
  townshipHead: rule(1),
  // 000: 明确一名分管领导.
  townshipLeaderInCharge: rule(1),
  townshipOfficeDirector: rule(1),
  // 004: 党政正职任总指挥.
  townshipHqCommander: rule(1),
  // 003 (句容): 1 主任, 1 常务副主任, 1 专职副主任, 3–5 安全监管, 1–2 消防综合监管.
  jurongOfficeDirector: rule(1, 1, false),
  jurongStandingDeputy: rule(1, 1, false),
  jurongFullTimeDeputy: rule(1, 1, false),
  jurongSafetySupervisor: rule(3, 5, false),
  jurongFireSupervisor: rule(1, 2, false),
  // 004: 每个村(社区)至少明确 2–3 名应急管理工作人员 — at least 2.
  villageStaff: rule(2),
  // 002: 每个村有信息报告员.
  villageInformant: rule(1),
  // 004: 划全分净、全面覆盖 — every village has grids.
  villageGrids: rule(1),
  // 004: 每个网格至少明确 1 名应急管理工作人员 (网格长 or 网格员).
  gridStaff: rule(1),
  // 004: 社区以 300–500 户为一个网格.
  communityGridHouseholds: rule(300, 500),
  gridCoverage: rule(null),
};

/** A stored override: any subset of rules, each with any subset of fields. */
export const staffingRulesOverride = z.partialRecord(
  z.enum(staffingRuleCodes),
  staffingRule.partial(),
);
export type StaffingRulesOverride = z.infer<typeof staffingRulesOverride>;

/** Applies overrides, widest region first, to the defaults. */
export function mergeStaffingRules(...overrides: StaffingRulesOverride[]): StaffingRules {
  const merged = Object.fromEntries(
    staffingRuleCodes.map((code) => [code, { ...defaultStaffingRules[code] }]),
  ) as StaffingRules;
  for (const override of overrides) {
    for (const code of staffingRuleCodes) {
      const change = override[code];
      if (change) {
        merged[code] = { ...merged[code], ...change };
      }
    }
  }
  return merged;
}

/** The 句容 profile turns on the five "五专" post rules. */
export const jurongProfile: StaffingRulesOverride = {
  jurongOfficeDirector: { enabled: true },
  jurongStandingDeputy: { enabled: true },
  jurongFullTimeDeputy: { enabled: true },
  jurongSafetySupervisor: { enabled: true },
  jurongFireSupervisor: { enabled: true },
};
