import type { TFunction } from 'i18next';
import {
  nationalEventTypeNames,
  warningCountyRoles,
  warningLevelColours,
  warningRelayRoles,
  type RecipientState,
  type Role,
  type WarningLevel,
  type WarningState,
} from '@lastmile/shared';

/** Who watches the 叫应看板; a grid worker only answers for themselves. */
export const coverageRoles: readonly Role[] = [
  ...warningCountyRoles,
  ...warningRelayRoles,
  'village_staff',
];

/** Text on each level's colour: dark on yellow, white on the others. */
export const levelTextColours: Record<WarningLevel, string> = {
  red: '#fff',
  orange: '#fff',
  yellow: '#262626',
  blue: '#fff',
};

export const warningStateColours: Record<WarningState, string | undefined> = {
  active: 'processing',
  updated: 'default',
  cancelled: undefined,
  expired: undefined,
};

export const recipientStateColours: Record<RecipientState, string | undefined> = {
  waiting: 'default',
  calling: 'gold',
  answered: 'success',
  escalated: 'error',
  stopped: undefined,
};

export { warningLevelColours };

/** Meteorological event type codes of the national platform (the CMA warning signals), named. */
export const knownEventTypes = Object.keys(nationalEventTypeNames);

/** The name of an event type code (`*`: any kind); an unknown code is shown as it is. */
export function eventTypeLabel(t: TFunction, code: string | null): string {
  if (!code) {
    return '—';
  }
  if (code === '*') {
    return t('warnings.eventTypes.any');
  }
  const name = knownEventTypes.includes(code) ? t(`warnings.eventTypes.${code}`) : undefined;
  return name ? `${name} (${code})` : code;
}

/** Seconds as people say it: 90 → 1分30秒. */
export function formatSeconds(t: TFunction, seconds: number | null): string {
  if (seconds === null) {
    return '—';
  }
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) {
    return t('warnings.duration.seconds', { seconds: rest });
  }
  return rest === 0
    ? t('warnings.duration.minutes', { minutes })
    : t('warnings.duration.minutesSeconds', { minutes, seconds: rest });
}
