import type { TFunction } from 'i18next';
import { anyPhone, creditCodeProblem, normaliseCreditCode } from '@lastmile/shared';

/* Form rules with the server's own checks, so a mistyped value is caught before saving. */

/** 统一社会信用代码 per GB 32100: length, alphabet and the check character. */
export const creditCodeRule = (t: TFunction) => ({
  validator: async (_: unknown, value: string | undefined) => {
    const problem = value ? creditCodeProblem(normaliseCreditCode(value)) : null;
    if (problem) {
      throw new Error(t(`units.units.creditCodeProblems.${problem}`));
    }
  },
});

/** A phone anyone may call: a mobile, a landline with area code or a service number. */
export const anyPhoneRule = (t: TFunction) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (value && !anyPhone.safeParse(value).success) {
      throw new Error(t('units.phoneInvalid'));
    }
  },
});
