import { enErrors, zhCNErrors, type ErrorCode, type Locale } from '@lastmile/shared';

const messages: Record<Locale, Record<ErrorCode, string>> = { 'zh-CN': zhCNErrors, en: enErrors };

/**
 * Picks the first supported language of an `Accept-Language` header by quality.
 * zh-CN is the default: Chinese users come first.
 */
export function pickLocale(header: string | undefined): Locale {
  if (!header) {
    return 'zh-CN';
  }
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) {
      return 'zh-CN';
    }
    if (tag.startsWith('en')) {
      return 'en';
    }
  }
  return 'zh-CN';
}

/** The readable message for an error code, with `{{name}}` placeholders filled in. */
export function translateError(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][code].replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    String(params[name] ?? ''),
  );
}
