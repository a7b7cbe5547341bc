import type { TFunction } from 'i18next';
import {
  hazardActions,
  type HazardAction,
  type HazardGrade,
  type HazardState,
  type PublicReportState,
  type SummonsState,
} from '@lastmile/shared';
import { timeZone } from '../../lib/format';

export const hazardStateColours: Record<HazardState, string | undefined> = {
  reported: 'gold',
  verified: 'cyan',
  rejected: undefined,
  merged: undefined,
  assigned: 'blue',
  rectifying: 'processing',
  submitted: 'purple',
  accepted: 'lime',
  closed: 'success',
};

export const hazardGradeColours: Record<HazardGrade, string> = { general: 'orange', major: 'red' };

export const summonsStateColours: Record<SummonsState, string | undefined> = {
  pending: 'gold',
  accepted: 'success',
  transferred: 'blue',
  declined: undefined,
  escalated: 'error',
};

export const publicReportStateColours: Record<PublicReportState, string | undefined> = {
  received: 'gold',
  verified: 'success',
  rejected: undefined,
};

/** Timeline actions that are not transitions of the state machine. */
const eventActions = [
  'create',
  'summon',
  'respondSummons',
  'supervise',
  'escalateSummons',
  'reportToCounty',
] as const;

/** The name of a timeline entry: a transition's own name, or one of the other events. */
export function eventLabel(t: TFunction, action: string): string {
  if ((hazardActions as readonly string[]).includes(action)) {
    return t(`hazard.action.${action as HazardAction}`);
  }
  if ((eventActions as readonly string[]).includes(action)) {
    return t(`hazards.events.${action}`);
  }
  return action;
}

/** A place as people say it: the township, then the village when there is one. */
export const placeOf = (record: {
  townshipName: string;
  regionName: string;
  regionCode: string;
  townshipCode: string;
}) =>
  record.regionCode === record.townshipCode
    ? record.townshipName
    : `${record.townshipName} ${record.regionName}`;

/** Today (YYYY-MM-DD) in Asia/Shanghai, whatever the browser's zone. */
export function today(): string {
  // The Canadian English locale writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** A calendar day plus some days; UTC arithmetic so no zone shifts the date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Select options for an enum whose names live under one i18n prefix (`hazard.kind`, `ledger.sector`…). */
export function enumOptions<T extends string>(values: readonly T[], prefix: string, t: TFunction) {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}
