import type { TFunction } from 'i18next';
import { landlinePattern, mobilePattern, normalisePhone } from '@lastmile/shared';

/** Form rules with the server's own patterns, so a mistyped number is caught before saving. */
function phoneRule(pattern: RegExp, message: string) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (value && !pattern.test(normalisePhone(value))) {
        throw new Error(message);
      }
    },
  };
}

export const mobileRule = (t: TFunction) => phoneRule(mobilePattern, t('org.mobileInvalid'));
export const landlineRule = (t: TFunction) => phoneRule(landlinePattern, t('org.landlineInvalid'));
