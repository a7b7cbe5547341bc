import { currentLanguage } from './i18n';

/** Every date the user sees is in China Standard Time, whatever the browser's zone. */
export const timeZone = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  return new Intl.DateTimeFormat(currentLanguage(), {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
