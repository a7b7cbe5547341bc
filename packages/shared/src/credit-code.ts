/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
 * 31-character alphabet (digits and capitals without I, O, S, V, Z). Characters 3–8 are the
 * registering region's 6-digit code; the 18th is a check character over the first 17.
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const shape = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character the first 17 characters call for, or null if they cannot be a code. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) {
    return null;
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(first17[i]!);
    if (value < 0) {
      return null;
    }
    sum += value * weights[i]!;
  }
  return alphabet[(31 - (sum % 31)) % 31]!;
}

/** Upper-cases and strips spaces, as people type codes off licences. */
export function normaliseCreditCode(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

export type CreditCodeProblem = 'length' | 'characters' | 'checksum';

/** Why a (normalised) code is not valid, or null when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) {
    return 'length';
  }
  if (!shape.test(code)) {
    return 'characters';
  }
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'checksum';
}
