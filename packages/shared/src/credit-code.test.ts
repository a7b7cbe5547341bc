import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, normaliseCreditCode } from './credit-code';
import { createUnitBody } from './contracts/units';

/** Codes printed on the business licences of large public companies (public record). */
const published = [
  '914403001922038216', // 华为技术有限公司
  '91110000710925462X', // 中国石油天然气股份有限公司
  '9144030071526726XG', // 腾讯科技（深圳）有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91110000802100433B', // 百度在线网络技术（北京）有限公司
];

describe('unified social credit code (GB 32100)', () => {
  it.each(published)('accepts the published code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('finds the check character of every published code from its first 17', () => {
    for (const code of published) {
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it('refuses a code with one character mistyped or two swapped', () => {
    expect(creditCodeProblem('914403001922038217')).toBe('checksum');
    expect(creditCodeProblem('914403001922083216')).toBe('checksum');
    expect(creditCodeProblem('91110000710925462Y')).toBe('checksum');
  });

  it('refuses wrong lengths and letters the standard leaves out (I, O, S, V, Z)', () => {
    expect(creditCodeProblem('91440300192203821')).toBe('length');
    expect(creditCodeProblem('9144030019220382161')).toBe('length');
    expect(creditCodeProblem('9144030O1922038216')).toBe('characters');
    expect(creditCodeProblem('91440300192203821I')).toBe('characters');
    // The region part (characters 3–8) is digits only.
    expect(creditCodeProblem('91A403001922038216')).toBe('characters');
  });

  it('normalises what people type off a licence: spaces and lower case', () => {
    expect(normaliseCreditCode(' 9144 0300 7152 6726xg ')).toBe('9144030071526726XG');
    const parsed = createUnitBody.parse({
      regionCode: '421321101',
      name: '测试单位',
      category: 'smallShop',
      creditCode: '9144030071526726xg',
    });
    expect(parsed.creditCode).toBe('9144030071526726XG');
    expect(
      createUnitBody.safeParse({
        regionCode: '421321101',
        name: 'x',
        category: 'smallShop',
        creditCode: '9144030071526726XA',
      }).success,
    ).toBe(false);
  });
});
