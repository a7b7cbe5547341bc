import { currentLanguage } from './strings';

/** Every time a worker sees is China Standard Time, whatever zone the phone is set to. */
export const timeZone = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${currentLanguage()}:${kind}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : kind === 'date'
          ? { year: 'numeric', month: '2-digit', day: '2-digit' }
          : { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
    format = new Intl.DateTimeFormat(currentLanguage(), { timeZone, hour12: false, ...options });
    formats.set(key, format);
  }
  return format;
}

/** `12/03 15:04` (month, day, hour, minute) in Beijing time; `—` for nothing. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? formatter('dateTime').format(new Date(iso)) : '—';
}

/** A moment (phone clock, ms) as `15:04` today, or `12/01 15:04` on another day (Beijing time). */
export function formatMoment(ms: number): string {
  const iso = new Date(ms).toISOString();
  const day = (value: string) => formatter('date').format(new Date(value));
  return day(iso) === day(new Date().toISOString()) ? formatTime(iso) : formatDateTime(iso);
}

/** `15:04` in Beijing time. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? formatter('time').format(new Date(iso)) : '—';
}

/** `2026/12/03` in Beijing time; a calendar date (`2026-12-03`) is shown as it is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatter('date').format(new Date(value));
}

/**
 * The phone's own clock as ISO 8601 with its UTC offset (`2026-12-03T15:04:05.123+08:00`): the
 * server keeps the device time beside its own receive time, and the offset tells the audit which
 * zone the phone believed it was in.
 */
export function deviceTimestamp(at: Date = new Date()): string {
  const offsetMinutes = -at.getTimezoneOffset();
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  const minutes = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
