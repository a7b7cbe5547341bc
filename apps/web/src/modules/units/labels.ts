import type { UnitCategory, UnitStatus } from '@lastmile/shared';
import { currentLanguage } from '../../lib/i18n';

/** A category's name in the user's language; a county's own categories may have no English. */
export function categoryName(category: UnitCategory): string {
  return currentLanguage() === 'en' ? (category.nameEn ?? category.name) : category.name;
}

/** Select options of the categories in force, in the order the settings keep them. */
export function categoryOptions(categories: readonly UnitCategory[] | undefined) {
  return (categories ?? []).map((category) => ({ value: category.code, label: categoryName(category) }));
}

export const unitStatusColours: Record<UnitStatus, string | undefined> = {
  operating: 'green',
  suspended: 'orange',
  closed: undefined,
};

/** Major hazard sources are graded 1 (highest) to 4 (GB 18218). */
export const majorGrades = [1, 2, 3, 4] as const;
