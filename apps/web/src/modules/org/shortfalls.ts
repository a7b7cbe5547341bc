import type { TFunction } from 'i18next';
import type { Shortfall, StaffingRuleCode } from '@lastmile/shared';

/** What a rule counts, which decides the sentence's unit (人 / 个 / 户). */
export type RuleUnit = 'people' | 'grids' | 'households';

export const ruleUnits: Record<StaffingRuleCode, RuleUnit> = {
  townshipOfficeStaff: 'people',
  townshipPartySecretary: 'people',
  townshipHead: 'people',
  townshipLeaderInCharge: 'people',
  townshipOfficeDirector: 'people',
  townshipHqCommander: 'people',
  jurongOfficeDirector: 'people',
  jurongStandingDeputy: 'people',
  jurongFullTimeDeputy: 'people',
  jurongSafetySupervisor: 'people',
  jurongFireSupervisor: 'people',
  villageStaff: 'people',
  villageInformant: 'people',
  villageGrids: 'grids',
  gridStaff: 'people',
  communityGridHouseholds: 'households',
  gridCoverage: 'households',
};

/** "应不少于 3 人", "应不多于 2 人" or, with both bounds, "应为 300–500 户". */
function bound(shortfall: Shortfall, t: TFunction): string {
  const { min, max, actual } = shortfall;
  const unit = ruleUnits[shortfall.rule];
  if (min !== null && max !== null) {
    return t(`org.shortfall.range.${unit}`, { min, max });
  }
  if (min !== null && actual < min) {
    return t(`org.shortfall.atLeast.${unit}`, { min });
  }
  return t(`org.shortfall.atMost.${unit}`, { max });
}

/**
 * A shortfall of the staffing report as a sentence an office worker reads aloud:
 * "应急办工作人员 2 人，应不少于 3 人", "网格「三组」无网格员".
 */
export function describeShortfall(shortfall: Shortfall, t: TFunction): string {
  const grid = shortfall.gridName ?? '';
  const { actual, expected } = shortfall;
  switch (shortfall.rule) {
    case 'gridStaff':
      return actual === 0
        ? t('org.shortfall.gridWithoutStaff', { grid })
        : t('org.shortfall.gridStaff', { grid, actual, bound: bound(shortfall, t) });
    case 'communityGridHouseholds':
      return t('org.shortfall.gridHouseholds', { grid, actual, bound: bound(shortfall, t) });
    case 'gridCoverage':
      return t('org.shortfall.gridCoverage', { actual, expected: expected ?? '—' });
    case 'villageGrids':
      return actual === 0 ? t('org.shortfall.noGrids') : t('org.shortfall.villageGrids', { actual, bound: bound(shortfall, t) });
    case 'townshipOfficeStaff':
    case 'townshipPartySecretary':
    case 'townshipHead':
    case 'townshipLeaderInCharge':
    case 'townshipOfficeDirector':
    case 'townshipHqCommander':
    case 'jurongOfficeDirector':
    case 'jurongStandingDeputy':
    case 'jurongFullTimeDeputy':
    case 'jurongSafetySupervisor':
    case 'jurongFireSupervisor':
    case 'villageStaff':
    case 'villageInformant': {
      const label = t(`org.staffingRules.${shortfall.rule}`);
      // A post one person should hold reads better as "未明确乡镇长" than as "乡镇长 0 人".
      return actual === 0 && shortfall.min === 1
        ? t('org.shortfall.unnamed', { label })
        : t('org.shortfall.people', { label, actual, bound: bound(shortfall, t) });
    }
  }
}
