import { currentLanguage } from '../../lib/i18n';
import { timeZone } from '../../lib/format';

/**
 * Calendar days (YYYY-MM-DD) of the duty roster. A day is a day in China Standard Time; the
 * arithmetic runs on UTC midnights so the browser's own zone never shifts a date.
 */
const dayMs = 86_400_000;

const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today in Asia/Shanghai. */
export function today(): string {
  // The Canadian English locale writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * dayMs);
}

/** The Monday of the day's week. */
export function mondayOf(day: string): string {
  const weekday = (new Date(toUtc(day)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The seven days from `monday`. */
export function weekFrom(monday: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** "11月24日 周一" / "Mon, 11/24". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(toUtc(day)));
}
